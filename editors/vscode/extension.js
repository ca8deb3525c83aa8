// The sscorpus extension: starts `sscorpus lsp` for the annotation files,
// the registry, the catalog and the texts of the open corpus folder.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function settings() {
  const config = vscode.workspace.getConfiguration("sscorpus");
  return {
    command: config.get("command") || "sscorpus",
    options: {
      annotator: config.get("annotator") || undefined,
      debounce: config.get("debounce"),
    },
  };
}

async function activate(context) {
  const { command, options } = settings();
  client = new LanguageClient(
    "sscorpus",
    "sscorpus",
    { command, args: ["lsp"] },
    {
      documentSelector: [
        { scheme: "file", pattern: "**/annotations/**/*.{yaml,yml,json}" },
        { scheme: "file", pattern: "**/texts/catalog.yaml" },
        { scheme: "file", pattern: "**/texts/*.txt" },
      ],
      initializationOptions: options,
      synchronize: { configurationSection: "sscorpus" },
    }
  );
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("sscorpus.command") && client) {
        await client.stop();
        await activate(context);
      }
    })
  );
  await client.start();
}

async function deactivate() {
  if (client) {
    await client.stop();
  }
}

module.exports = { activate, deactivate };
