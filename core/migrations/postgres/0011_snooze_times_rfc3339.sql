-- A snooze's `until` was kept in milliseconds since the epoch, while every
-- other time the API shows is RFC 3339: the stored history, the live
-- stream's stored frames and the webhook deliveries still to be sent say
-- it as RFC 3339 from now on, like new snoozes.
UPDATE conversation_events
SET data = jsonb_set(data::jsonb, '{until}', to_jsonb(to_char(
    to_timestamp((data::jsonb ->> 'until')::bigint / 1000.0) AT TIME ZONE 'UTC',
    'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))::text
WHERE event_type = 'conversation.snoozed' AND jsonb_typeof(data::jsonb -> 'until') = 'number';

UPDATE live_events
SET payload = jsonb_set(payload::jsonb, '{event,data,until}', to_jsonb(to_char(
    to_timestamp((payload::jsonb #>> '{event,data,until}')::bigint / 1000.0) AT TIME ZONE 'UTC',
    'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))::text
WHERE payload LIKE '%conversation.snoozed%'
  AND payload::jsonb ->> 'type' = 'timeline.event'
  AND jsonb_typeof(payload::jsonb #> '{event,data,until}') = 'number';

UPDATE webhook_deliveries
SET payload = jsonb_set(payload::jsonb, '{event,data,until}', to_jsonb(to_char(
    to_timestamp((payload::jsonb #>> '{event,data,until}')::bigint / 1000.0) AT TIME ZONE 'UTC',
    'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))::text
WHERE state = 'waiting'
  AND payload LIKE '%conversation.snoozed%'
  AND jsonb_typeof(payload::jsonb #> '{event,data,until}') = 'number';
