-- Styles trained before samples were signed have an unsigned sample as their thumbnail. Nothing serves
-- those any more (isSignedSampleKey), and housekeeping deletes the objects; the style shows no thumbnail
-- until it is trained again, which stores signed samples.
UPDATE styles SET thumbnail_key = NULL WHERE thumbnail_key LIKE 'styles/%/samples/%.png';
