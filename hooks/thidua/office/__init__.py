"""The office's command line: check the data, create honouree files, import nomination sheets, write the template."""
