-- Task search is a case-insensitive contains-match (ILIKE '%…%') on title and description.
-- Trigram GIN indexes let Postgres answer it from the index instead of reading every task
-- of the owner: a search for a rare word among 100,000 long tasks reads a handful of rows.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "Task_title_trgm_idx" ON "Task" USING GIN ("title" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Task_description_trgm_idx" ON "Task" USING GIN ("description" gin_trgm_ops);
