-- Nothing to change on PostgreSQL: SQLite's 011 gives its in-memory copy of the search vocabulary a
-- version; here catalog_terms (009) is the vocabulary and is queried directly. The number is taken in
-- both dialects so the next migration is 012 in both.
SELECT 1;
