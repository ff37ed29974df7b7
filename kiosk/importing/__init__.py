"""Reading registration exports (CSV in any usual encoding and delimiter, or Excel) into rows."""
