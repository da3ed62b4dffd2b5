// Runs `handler` for each core event of the given kinds while the component is mounted.
import { useEffect, useRef } from 'react';
import type { StudioEvent } from '../../bridge/studio-api';
import { subscribeStudio } from './studio';

type Kind = StudioEvent['kind'];

export function useStudioEvent<K extends Kind>(
  kind: K,
  handler: (event: Extract<StudioEvent, { kind: K }>) => void,
): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(
    () =>
      subscribeStudio((event) => {
        if (event.kind === kind) latest.current(event as Extract<StudioEvent, { kind: K }>);
      }),
    [kind],
  );
}
