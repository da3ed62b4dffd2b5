-- Wakes the outbox relays when jobs are written. NOTIFY is transactional: it is delivered when the
-- transaction that inserted the rows commits (never for one that rolls back), to every listening server
-- instance, so a job leaves at once instead of at the next poll; the poll stays as the safety net.
CREATE FUNCTION outbox_notify_pending() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('outbox_pending', '');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER outbox_notify_pending AFTER INSERT ON outbox
  FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify_pending();
