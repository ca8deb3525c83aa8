"""The names of the export's files: what a writer writes and what
``publish`` recognises an export by."""

WORKBOOK = "sscorpus.xlsx"
DESCRIPTOR = "datapackage.json"
CSV_DIR = "csv"
#: the folder of the Parquet files, one per table (``parquet.py``)
PARQUET_DIR = "parquet"
#: the data package's name: with it, datapackage.json marks a folder as an sscorpus export
PACKAGE_NAME = "sscorpus"
