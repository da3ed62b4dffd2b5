-- When the engine expects a live training run to finish (its latest ETA added to the time it arrived), so
-- the artist sees the time left. Null until an engine gives an estimate and again once the run has ended.
ALTER TABLE "training_jobs" ADD COLUMN "estimated_finish_at" timestamp with time zone;
