"""Site search: the written pages staged for Pagefind, Pagefind run per language, its index chunks cut smaller."""
