-- Jobs now leave on one queue per engine (model_training.<engine>, image_generation.<engine>), so that a
-- worker takes only jobs of the engines it runs. Jobs written before and not yet sent move to their
-- engine's queue; anything already on the old queues is drained by quilt workers (the only engine then).
UPDATE "outbox" SET "queue" = "queue" || '.' || ("payload"->>'engine')
WHERE "sent_at" IS NULL
  AND "queue" IN ('model_training', 'image_generation')
  AND "payload"->>'engine' IN ('quilt', 'diffusers-lora');
