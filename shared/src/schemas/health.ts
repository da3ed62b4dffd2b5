import { z } from 'zod';

export const healthOutputSchema = z.object({
  ok: z.boolean(),
  database: z.enum(['up', 'down']),
  queue: z.enum(['up', 'down']),
  storage: z.enum(['up', 'down']),
});
export type HealthOutput = z.infer<typeof healthOutputSchema>;
