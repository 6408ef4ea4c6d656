-- How many tasks each user holds (trash included), so that a create checks the quota by
-- reading one number under the owner's row lock instead of counting every task of the owner
-- while holding it.
--  - Tasks come in only through the quota check, and the statement that checks adds them:
--    insertTask in packages/db/src/sql.ts (one task) and the import (many, in its transaction).
--    An insert trigger would do the same but would also make every plain insert update the
--    owner's row, queueing all inserts of one owner behind each other's commits.
--  - Tasks leave by many paths (delete, trash purge, account deletion): a statement-level
--    trigger counts them all, once per statement rather than once per row.
ALTER TABLE "User" ADD COLUMN "taskCount" INTEGER NOT NULL DEFAULT 0;

UPDATE "User" u SET "taskCount" = c.n
  FROM (SELECT "ownerId", count(*)::int AS n FROM "Task" GROUP BY "ownerId") c
 WHERE u.id = c."ownerId";

CREATE FUNCTION "task_count_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "User" u SET "taskCount" = u."taskCount" - c.n
    FROM (SELECT "ownerId", count(*)::int AS n FROM deleted GROUP BY "ownerId") c
   WHERE u.id = c."ownerId";
  RETURN NULL;
END $$;

CREATE TRIGGER "Task_count_delete" AFTER DELETE ON "Task"
  REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION "task_count_deleted"();
