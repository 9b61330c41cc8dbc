-- A snooze's `until` was kept in milliseconds since the epoch, while every
-- other time the API shows is RFC 3339: the stored history, the live
-- stream's stored frames and the webhook deliveries still to be sent say
-- it as RFC 3339 from now on, like new snoozes.
UPDATE conversation_events
SET data = json_set(data, '$.until',
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(data, '$.until') / 1000.0, 'unixepoch'))
WHERE event_type = 'conversation.snoozed' AND json_type(data, '$.until') = 'integer';

UPDATE live_events
SET payload = json_set(payload, '$.event.data.until',
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(payload, '$.event.data.until') / 1000.0, 'unixepoch'))
WHERE payload LIKE '%conversation.snoozed%'
  AND json_extract(payload, '$.type') = 'timeline.event'
  AND json_type(payload, '$.event.data.until') = 'integer';

UPDATE webhook_deliveries
SET payload = json_set(payload, '$.event.data.until',
    strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(payload, '$.event.data.until') / 1000.0, 'unixepoch'))
WHERE state = 'waiting'
  AND payload LIKE '%conversation.snoozed%'
  AND json_type(payload, '$.event.data.until') = 'integer';
