-- 020-name-typos.sql — a typo in any word of a name still finds the patron (P6)
--
-- Migration 003's dictionary held whole names ("tremblay-gagnon") and found
-- typos by trigram similarity, which misses most typos in short words
-- ("simth" shares two trigrams of six with "smith") and any word inside a
-- compound name.  Now name_word holds single words, name_word_variant each
-- word with one letter left out in turn (two words one typo apart share a
-- variant), and patron_name_pair every pair of words of each patron's name,
-- so that any two words typed find the patron in one look-up, whichever
-- names they come from.  The patrons' own keys are no longer searched.
--
-- The trigger that keeps these (patron_name_words, 003) and the searches are
-- in server/functions/patron-search.sql.

DROP FUNCTION IF EXISTS ts_search_one_word (text, integer, integer);
DROP FUNCTION IF EXISTS ts_name_words_for (text, integer, integer);
DROP FUNCTION IF EXISTS ts_search_two_words (text, text, integer, integer);
DROP INDEX name_word_trigram;
DROP INDEX patron_key_last;
DROP INDEX patron_key_first;

CREATE TABLE name_word_variant (
  variant text COLLATE "C" NOT NULL,
  at      smallint NOT NULL,              -- the letter left out, 1-based; 0: the word itself
  word    text COLLATE "C" NOT NULL REFERENCES name_word (word),
  PRIMARY KEY (variant, at, word)
);

CREATE TABLE patron_name_pair (
  word      text COLLATE "C" NOT NULL,
  other     text COLLATE "C" NOT NULL,    -- '' for a one-word name
  words     smallint NOT NULL,            -- how many words the name has
  patron_id bigint NOT NULL REFERENCES patron (id),
  reversed  boolean NOT NULL,             -- other comes first in the name
  PRIMARY KEY (word, other, words, patron_id, reversed)
);

-- Names are shared (P1): everyone reads them, only the trigger writes.
ALTER TABLE name_word_variant ENABLE ROW LEVEL SECURITY;
CREATE POLICY name_word_variant_read ON name_word_variant FOR SELECT USING (true);
ALTER TABLE patron_name_pair ENABLE ROW LEVEL SECURITY;
CREATE POLICY patron_name_pair_read ON patron_name_pair FOR SELECT USING (true);
GRANT SELECT ON name_word_variant, patron_name_pair TO tessera_app;

INSERT INTO patron_name_pair (word, other, words, patron_id, reversed)
SELECT o.word, o.other, o.words, p.id, o.reversed FROM patron p, ts_name_pairs (p.key_first, p.key_last) o;
DELETE FROM name_word;
INSERT INTO name_word (word) SELECT DISTINCT word FROM patron_name_pair;
INSERT INTO name_word_variant (variant, at, word)
SELECT v.variant, v.n - 1, w.word FROM name_word w, unnest (ts_word_variants (w.word)) WITH ORDINALITY AS v (variant, n);
