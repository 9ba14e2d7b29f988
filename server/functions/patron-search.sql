-- patron-search.sql — searching the shared directory (rule P6): names and
-- contact values folded for comparison, the words of names with their
-- one-typo variants and the pairs that find a patron, and the searches that
-- use them.
--
-- after: 001 — before 002 and 003, whose generated columns and trigger call these.
--
-- A functions file (docs/architecture.md, "Migrations"): the server runs it
-- again whenever its text changes, where its "after" line says.  CREATE OR
-- REPLACE only, with the grants and comments of its functions.

-- Lower case without accents, for searching "Hélène Côté" as "helene cote".
-- unaccent() is only STABLE (its dictionary could change); naming the
-- dictionary makes the wrapper safe to index.
CREATE OR REPLACE FUNCTION ts_fold (t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower (public.unaccent ('public.unaccent'::regdictionary, t)) $$;

CREATE OR REPLACE FUNCTION ts_digits (t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT regexp_replace (t, '[^0-9]', '', 'g') $$;

CREATE OR REPLACE FUNCTION ts_postal (t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT upper (regexp_replace (t, '[^0-9A-Za-z]', '', 'g')) $$;

CREATE OR REPLACE FUNCTION ts_like_escape (t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT replace (replace (replace (t, '\', '\\'), '%', '\%'), '_', '\_') $$;

-- A patron's keys (migration 003): the last name (or the company), and the
-- first name, folded.  Generated columns call it, so it names what it calls
-- with their schema: pg_restore makes the table with an empty search_path.
CREATE OR REPLACE FUNCTION ts_name_key (t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce (btrim (public.ts_fold (t)), '') COLLATE "C" $$;

-- The words of names (migration 020) ------------------------------------------

-- The words of a name as stored or typed: folded, apostrophes dropped
-- ("O'Brien" is "obrien"), split at spaces, hyphens and other punctuation
-- ("Tremblay-Gagnon" is two words, "Marie-Ève" too); at most eight.  One
-- expression, so that callers inline it (the trigger calls it for every
-- patron written).
CREATE OR REPLACE FUNCTION ts_name_words_of (t text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
  SELECT (array_remove (regexp_split_to_array (regexp_replace (public.ts_fold (coalesce (t, '')), '[''’‘`´ʼ]', '', 'g'),
                                               '[[:space:][:punct:]–—‐‑‒«»]+'), ''))[1:8]
$$;

-- A word with each letter left out in turn ("gagnon": "agnon" at 1, "ggnon"
-- at 2, …) after itself (at 0): element at + 1.  Two words one typo apart
-- share a variant (symmetric deletion), at places that ts_one_typo checks.
CREATE OR REPLACE FUNCTION ts_word_variants (p_word text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$
  SELECT ARRAY[p_word COLLATE "C"]
         || ARRAY (SELECT (left (p_word, i - 1) || substr (p_word, i + 1)) COLLATE "C"
                     FROM generate_series (1, length (p_word)) i
                    WHERE length (p_word) BETWEEN 2 AND 40 ORDER BY i)
$$;

-- Whether a typed word's variant (a letter left out at p_typed_at, or none
-- at 0) equal to a name word's variant makes the two one typo apart: a
-- letter dropped (the name word's letter left out), added or doubled (the
-- typed one), wrong (the same place), or two neighbours swapped.
CREATE OR REPLACE FUNCTION ts_one_typo (p_typed text, p_typed_at integer, p_word text, p_word_at integer)
  RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
  SELECT CASE WHEN p_typed_at = 0 THEN p_word_at > 0
              WHEN p_word_at = 0 OR p_typed_at = p_word_at THEN true
              ELSE abs (p_typed_at - p_word_at) = 1
                   AND substr (p_typed, p_typed_at, 1) = substr (p_word, p_word_at, 1) END
$$;

-- A patron's name as pairs of its words, each word with every other (the
-- pair index, patron_name_pair): any two words typed find the patron in one
-- look-up, whichever names they come from.  reversed: the other word comes
-- first in the name (first name, then last name or company).  A one-word
-- name pairs with ''.
CREATE OR REPLACE FUNCTION ts_name_pairs (p_first text, p_last text)
  RETURNS TABLE (word text, other text, reversed boolean, words smallint)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
  WITH w AS (SELECT x.w, x.n FROM unnest ((ts_name_words_of (p_first) || ts_name_words_of (p_last))[1:8])
                                  WITH ORDINALITY AS x (w, n))
  SELECT DISTINCT a.w, coalesce (b.w, '' COLLATE "C"), coalesce (b.n < a.n, false),
         (SELECT count (*) FROM w)::smallint
    FROM w a LEFT JOIN w b ON b.n <> a.n
$$;

-- Keeps the words of names, their variants and the pairs up to date.
CREATE OR REPLACE FUNCTION ts_name_words () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.key_first = NEW.key_first AND OLD.key_last = NEW.key_last THEN
      RETURN NEW;
    END IF;
    DELETE FROM patron_name_pair x
     USING ts_name_pairs (OLD.key_first, OLD.key_last) o
     WHERE (x.word, x.other, x.reversed, x.words, x.patron_id) = (o.word, o.other, o.reversed, o.words, OLD.id);
  END IF;
  INSERT INTO patron_name_pair (word, other, reversed, words, patron_id)
  SELECT o.word, o.other, o.reversed, o.words, NEW.id FROM ts_name_pairs (NEW.key_first, NEW.key_last) o
  ON CONFLICT DO NOTHING;
  WITH added AS (
    INSERT INTO name_word (word)
    SELECT DISTINCT w FROM unnest (ts_name_words_of (NEW.key_first) || ts_name_words_of (NEW.key_last)) w
    ON CONFLICT DO NOTHING
    RETURNING word)
  INSERT INTO name_word_variant (variant, at, word)
  SELECT v.variant, v.n - 1, added.word
    FROM added, unnest (ts_word_variants (added.word)) WITH ORDINALITY AS v (variant, n)
  ON CONFLICT DO NOTHING;
  RETURN NEW;
END $$;

-- Searching names ------------------------------------------------------------
-- Each search returns patrons with how well they match, in this order:
-- run (every name the query may mean shows its first three patrons in run
-- 0, the rest of its namesakes in run 1: "McDonald" shows the MacDonalds
-- before the twentieth McDonald); misses (words typed with a typo, or
-- finished words that only start a name word: fewer first); inverted (the
-- first and last words typed matched the other way round in the name:
-- last); closeness (per word, 1 for the word itself, 1 - 1/length for a
-- typo, ½ for a start: more first); popularity (how many names have the
-- words matched, counted up to 200: more first, so that "Marie T" shows
-- the Tremblays before rarer names); then the name words matched (k1, k2),
-- the number of words in the name (fewer first) and the patron number.  That order depends only on the shared directory (P6),
-- and each search reads its indexes in it, so that the pages of one query
-- never disagree.

-- The name words a typed word may mean: itself; the words it starts (at
-- most p_starts, shortest first); the words one typo away (two letters
-- typed or more: "Wi" may be Wei); and while it is being typed (p_typing)
-- the words whose start is one typo away, from three letters kept ("Brd"
-- may start Brodeur; "Brdx" Brodeur too, but not "Bx" every B…).  A
-- finished word (not p_typing) that only starts a name word counts as a
-- miss.
CREATE OR REPLACE FUNCTION ts_name_word_matches (p_word text, p_typing boolean, p_starts integer)
  RETURNS TABLE (word text, misses integer, closeness real)
  LANGUAGE sql STABLE
  AS $$
  WITH q AS (SELECT p_word COLLATE "C" AS w, length (p_word) AS n, (p_word || chr (1114111)) COLLATE "C" AS past)
  SELECT DISTINCT ON (m.word) m.word, m.misses, m.closeness FROM (
    SELECT w.word, 0 AS misses, 1.0::real AS closeness FROM name_word w, q WHERE w.word = q.w
    UNION ALL
    (SELECT w.word, CASE WHEN p_typing THEN 0 ELSE 1 END, 0.5
       FROM name_word w, q
      WHERE w.word > q.w AND w.word < q.past
      ORDER BY length (w.word), w.word LIMIT p_starts)
    UNION ALL
    SELECT v.word, 1, 1 - 1.0::real / greatest (q.n, length (v.word))
      FROM q, unnest (ts_word_variants (q.w)) WITH ORDINALITY AS t (variant, n)
           JOIN name_word_variant v ON v.variant = t.variant
     WHERE q.n >= 2 AND t.n - 1 + v.at > 0 AND ts_one_typo (q.w, t.n::integer - 1, v.word, v.at)
    UNION ALL
    (SELECT v.word, 1, 0.5 * (q.n - 1) / q.n
       FROM q, unnest (ts_word_variants (q.w)) WITH ORDINALITY AS t (variant, n)
            JOIN name_word_variant v
            ON v.variant > t.variant AND v.variant < (t.variant || chr (1114111)) COLLATE "C"
      WHERE p_typing AND length (t.variant) >= 3 AND v.at <= q.n AND ts_one_typo (q.w, t.n::integer - 1, v.word, v.at)
      ORDER BY length (v.word), v.word LIMIT 30)) m
  ORDER BY m.word, m.misses, m.closeness DESC
$$;

-- One word: the patrons with a name word it may mean.
CREATE OR REPLACE FUNCTION ts_search_name_one (p_word text, p_rows integer)
  RETURNS TABLE (id bigint, misses integer, inverted boolean, closeness real, run integer, popularity integer,
                 k1 text, k2 text, words smallint)
  LANGUAGE sql STABLE
  AS $$
  WITH m AS (
    SELECT c.*, (SELECT count (*)::integer FROM (SELECT 1 FROM patron_name_pair p
                                                  WHERE p.word = c.word LIMIT 200) n) AS popularity
      FROM ts_name_word_matches (p_word, true, 30) c),
  runs AS (
    SELECT m.*, r.run, r.skip, coalesce (r.take, p_rows) AS take
      FROM m, (VALUES (0, 0, 3), (1, 3, NULL)) r (run, skip, take))
  SELECT x.patron_id, u.misses, false, u.closeness, u.run, u.popularity, u.word, x.other, x.words
    FROM (SELECT * FROM runs ORDER BY run, misses, closeness DESC, popularity DESC, word) u,
         LATERAL (SELECT p.patron_id, p.other, p.words FROM patron_name_pair p
                   WHERE p.word = u.word ORDER BY p.other, p.words, p.patron_id
                  OFFSET u.skip LIMIT u.take) x
   ORDER BY u.run, u.misses, u.closeness DESC, u.popularity DESC, u.word, x.other, x.words, x.patron_id
   LIMIT p_rows
$$;

-- The name words starting with p_start that some name pairs with p_word,
-- read one by one from the pair index (at most p_max): the completions of a
-- word being typed that exist beside the word before it, however many
-- other names start the same way.
CREATE OR REPLACE FUNCTION ts_name_pair_starts (p_word text, p_start text, p_max integer)
  RETURNS TABLE (other text)
  LANGUAGE sql STABLE
  AS $$
  WITH RECURSIVE s (other, n) AS (
    (SELECT p.other, 1 FROM patron_name_pair p
      WHERE p.word = p_word COLLATE "C" AND p.other > p_start COLLATE "C"
        AND p.other < (p_start || chr (1114111)) COLLATE "C"
      ORDER BY p.other LIMIT 1)
    UNION ALL
    SELECT (SELECT p.other FROM patron_name_pair p
             WHERE p.word = p_word COLLATE "C" AND p.other > s.other
               AND p.other < (p_start || chr (1114111)) COLLATE "C"
             ORDER BY p.other LIMIT 1), s.n + 1
      FROM s WHERE s.other IS NOT NULL AND s.n < p_max)
  SELECT s.other FROM s WHERE s.other IS NOT NULL
$$;

-- Two words, in either order: the first finished (itself, a typo, or a
-- start counted as a miss), the second as typed so far.  p_min_words leaves
-- out names with fewer words (a longer query needs more).
CREATE OR REPLACE FUNCTION ts_search_name_two (p_one text, p_two text, p_min_words integer, p_rows integer)
  RETURNS TABLE (id bigint, misses integer, inverted boolean, closeness real, run integer, popularity integer,
                 k1 text, k2 text, words smallint)
  LANGUAGE sql STABLE
  AS $$
  WITH a AS (SELECT * FROM ts_name_word_matches (p_one, false, 10)),
  pairs AS (
    SELECT a.word AS one, b.word AS two, a.misses + b.misses AS misses, a.closeness + b.closeness AS closeness
      FROM a, ts_name_word_matches (p_two, true, 0) b
    UNION ALL
    SELECT a.word, s.other, a.misses, a.closeness + 0.5
      FROM (SELECT * FROM a ORDER BY misses, closeness DESC, word LIMIT 3) a,
           LATERAL ts_name_pair_starts (a.word, p_two, 200) s),
  best AS (SELECT DISTINCT ON (one, two) * FROM pairs ORDER BY one, two, misses, closeness DESC),
  counted AS (SELECT best.*, (SELECT count (*)::integer FROM (SELECT 1 FROM patron_name_pair p
                                                              WHERE p.word = best.one AND p.other = best.two
                                                              LIMIT 200) n) AS popularity
                FROM best),
  runs AS (
    SELECT c.*, o.inverted, r.run, r.skip, coalesce (r.take, p_rows) AS take
      FROM counted c, (VALUES (false), (true)) o (inverted), (VALUES (0, 0, 3), (1, 3, NULL)) r (run, skip, take)
     WHERE c.popularity > 0)
  SELECT x.patron_id, u.misses, u.inverted, u.closeness, u.run, u.popularity, u.one, u.two, x.words
    FROM (SELECT * FROM runs ORDER BY run, misses, inverted, closeness DESC, popularity DESC, one, two) u,
         LATERAL (SELECT p.patron_id, p.words FROM patron_name_pair p
                   WHERE p.word = u.one AND p.other = u.two AND p.words >= p_min_words AND p.reversed = u.inverted
                   ORDER BY p.words, p.patron_id OFFSET u.skip LIMIT u.take) x
   ORDER BY u.run, u.misses, u.inverted, u.closeness DESC, u.popularity DESC, u.one, u.two, x.words, x.patron_id
   LIMIT p_rows
$$;

-- Three words or more: the first and the last find the patrons (as two
-- words); each word between must match another word of the name, itself
-- or one typo away (or, counted as a miss, as its start): a pair of the
-- name with the first word matched.
CREATE OR REPLACE FUNCTION ts_search_name_more (p_typed text[], p_rows integer)
  RETURNS TABLE (id bigint, misses integer, inverted boolean, closeness real, run integer, popularity integer,
                 k1 text, k2 text, words smallint)
  LANGUAGE sql STABLE
  AS $$
  WITH middle AS MATERIALIZED (
    SELECT t.n, m.word, m.misses, m.closeness
      FROM unnest (p_typed[2:cardinality (p_typed) - 1]) WITH ORDINALITY AS t (typed, n),
           LATERAL ts_name_word_matches (t.typed, false, 10) m)
  SELECT h.id, h.misses + r.misses, h.inverted, h.closeness + r.closeness, h.run, h.popularity, h.k1, h.k2,
         h.words
    FROM ts_search_name_two (p_typed[1], p_typed[cardinality (p_typed)], cardinality (p_typed), 500) h,
    LATERAL (SELECT sum (b.misses)::integer AS misses, sum (b.closeness)::real AS closeness, count (*) AS matched
               FROM (SELECT DISTINCT ON (middle.n) middle.misses, middle.closeness
                       FROM middle,
                            LATERAL (SELECT 1 FROM patron_name_pair x
                                      WHERE x.word = h.k1 AND x.other = middle.word AND x.words = h.words
                                        AND x.patron_id = h.id LIMIT 1) x
                      WHERE middle.word NOT IN (h.k1, h.k2)
                      ORDER BY middle.n, middle.misses, middle.closeness DESC) b) r
   WHERE r.matched = cardinality (p_typed) - 2
   ORDER BY 5, 2, 3, 4 DESC, 6 DESC, h.k1, h.k2, h.words, h.id
   LIMIT p_rows
$$;

-- The patrons with an e-mail address that starts as typed (the index
-- orders by bytes: ~<~).
CREATE OR REPLACE FUNCTION ts_search_email_start (p_start text, p_rows integer)
  RETURNS TABLE (id bigint, address text)
  LANGUAGE sql STABLE
  AS $$
  SELECT cp.patron_id, cp.search_value FROM contact_point cp
   WHERE cp.retired_at IS NULL AND cp.kind = 'email'
     AND cp.search_value ~>=~ lower (p_start) AND cp.search_value ~<~ (lower (p_start) || chr (1114111))
   ORDER BY cp.search_value USING ~<~, cp.patron_id
   LIMIT p_rows
$$;

-- A name as typed, word by word, best first (at most p_rows patrons): the
-- searches above, and for a query without spaces the e-mail addresses it
-- starts — first if it looks like one (a dot, a digit, "_" or "+"), else
-- after the names matched without a miss.  PL/pgSQL keeps the plan of its
-- query for the session: planned anew, the nested searches took longer to
-- plan (5-20 ms) than to run; a generic plan only runs the branch the
-- number of words calls for.  The plan's cost guesses reach the JIT's
-- threshold too, and compiling took 100-300 ms.
CREATE OR REPLACE FUNCTION ts_search_name_words (p_query text, p_rows integer)
  RETURNS TABLE (id bigint)
  LANGUAGE plpgsql STABLE
  SET plan_cache_mode = force_generic_plan
  SET jit = off
  AS $$
DECLARE
  typed text[] := ts_name_words_of (p_query);
  n integer := cardinality (typed);
  mail boolean := p_query !~ '\s' AND length (p_query) >= 3;
BEGIN
  RETURN QUERY
  WITH hits AS (
    SELECT h.id, h.misses::real AS tier, h.inverted, h.closeness, h.run, h.popularity, h.k1, h.k2, h.words
      FROM ts_search_name_one (typed[1], p_rows) h WHERE n = 1
    UNION ALL
    SELECT h.* FROM ts_search_name_two (typed[1], typed[2], 2, p_rows) h WHERE n = 2
    UNION ALL
    SELECT h.* FROM ts_search_name_more (typed, p_rows) h WHERE n >= 3
    UNION ALL
    SELECT e.id, CASE WHEN p_query ~ '[._+0-9]' THEN -1 ELSE 0.5 END, false, 1, 0, 0, e.address, '', 0
      FROM ts_search_email_start (p_query, p_rows) e WHERE mail),
  best AS (SELECT DISTINCT ON (hits.id) * FROM hits
            ORDER BY hits.id, run, tier, inverted, closeness DESC, popularity DESC, k1, k2, words)
  SELECT best.id FROM best
   ORDER BY run, tier, inverted, closeness DESC, popularity DESC, k1, k2, words, best.id
   LIMIT p_rows;
END $$;

-- The name search of GET /patrons: word by word; only when that finds
-- nothing at all, the whole name by trigram similarity (two typos in one
-- word, words run together), so that an empty answer means nothing is close.
CREATE OR REPLACE FUNCTION ts_search_names (p_query text, p_limit integer, p_offset integer)
  RETURNS TABLE (id bigint)
  LANGUAGE plpgsql
  AS $$
BEGIN
  RETURN QUERY SELECT h.id FROM ts_search_name_words (p_query, 2 * (p_limit + p_offset)) h
                LIMIT p_limit OFFSET p_offset;
  IF FOUND OR (p_offset > 0 AND EXISTS (SELECT 1 FROM ts_search_name_words (p_query, 1))) THEN
    RETURN;
  END IF;
  -- Trigram selectivity is guessed high, so on a large directory the planner
  -- would rather scan every row than the GIN index (bench/bench-patron-search).
  PERFORM set_config ('enable_seqscan', 'off', true);
  RETURN QUERY SELECT p.id FROM patron p
                WHERE ts_fold (p_query) <% p.search_name
                ORDER BY word_similarity (ts_fold (p_query), p.search_name) DESC, p.search_name, p.id
                LIMIT p_limit OFFSET p_offset;
END $$;
