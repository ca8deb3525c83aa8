"""The names of the export's files: what a writer writes and what
``publish`` recognises an export by."""

WORKBOOK = "sscorpus.xlsx"
DESCRIPTOR = "datapackage.json"
CSV_DIR = "csv"
#: the folder of the Parquet files, one per table (``parquet.py``)
PARQUET_DIR = "parquet"
#: the data package's name: with it, datapackage.json marks a folder as an sscorpus export
PACKAGE_NAME = "sscorpus"
#: the folder of the export's graph files: each network of the whole corpus as GraphML and as GEXF
NETWORK_DIR = "networks"
#: the networks (``networks.NETWORKS``) and the formats of their graph files
NETWORK_NAMES = ("affiliation", "congruence", "conflict", "cooccurrence")
GRAPH_FORMATS = ("graphml", "gexf")
#: the export's graph files
GRAPH_FILES = tuple(f"{NETWORK_DIR}/{name}.{ext}" for name in NETWORK_NAMES for ext in GRAPH_FORMATS)
#: the export's record of what made it: inputs, code, formats and each file's checksum (``checksums.py``)
RECORD = "checksums.json"
