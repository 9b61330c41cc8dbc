"""The README's lifecycle, driven through a Python client generated from
/api/openapi.json (scripts/api-client makes it): every call is typed, every
answer is parsed into the document's models, and an undocumented status
fails the run.

Usage: api-client-lifecycle.py BASE_URL ADA_TOKEN BEN_TOKEN
(ADA is an admin, BEN an agent, as in the demo data; the tokens are API
tokens, sent as `Authorization: Bearer`.)
"""

import datetime
import sys
import uuid
import warnings

# A warning while importing or using the client fails the run.
warnings.simplefilter("error")

from switchboard_client import AuthenticatedClient, Client  # noqa: E402
from switchboard_client.api.agents import list_agents  # noqa: E402
from switchboard_client.api.audit import list_audit_entries  # noqa: E402
from switchboard_client.api.conversations import (  # noqa: E402
    accept_conversation,
    get_timeline,
    list_conversations,
    resolve_conversation,
    send_agent_message,
    snooze_conversation,
    transfer_conversation,
)
from switchboard_client.api.customers import get_contact  # noqa: E402
from switchboard_client.api.me import get_me  # noqa: E402
from switchboard_client.api.queues import list_queues  # noqa: E402
from switchboard_client.api.settings import get_widget_settings  # noqa: E402
from switchboard_client.api.webhooks import (  # noqa: E402
    change_webhook,
    create_webhook,
    delete_webhook,
    list_webhook_deliveries,
    list_webhooks,
)
from switchboard_client.api.widget import (  # noqa: E402
    get_widget_config,
    list_customer_messages,
    send_customer_message,
    start_widget_session,
)
from switchboard_client.models import (  # noqa: E402
    Agent,
    AgentList,
    Audit,
    ContactAccount,
    Conversation,
    ConversationPage,
    ConversationStatus,
    CustomerMessage,
    CustomerMessages,
    CustomerSentMessage,
    DeliveryLog,
    ErrorBody,
    ErrorCode,
    EventType,
    NewMessage,
    NewSession,
    NewSessionAttributes,
    NewWebhook,
    SentMessage,
    Snooze,
    Tab,
    Timeline,
    TimelineEvent,
    TimelineMessage,
    Transfer,
    Webhook,
    WebhookChange,
    WebhookDeleted,
    WebhookList,
    WidgetConfig,
    WidgetPosition,
    WidgetSession,
    WidgetSettings,
)

base, ada_token, ben_token = sys.argv[1:4]
steps = 0


def ok(response, status, model):
    """The call answered `status` with a body of the document's `model`."""
    global steps
    assert response.status_code == status, (response.status_code, response.content)
    assert isinstance(response.parsed, model), (type(response.parsed), response.content)
    steps += 1
    return response.parsed


def refused(response, status, code):
    """The call was refused with `status` and the typed error `code`."""
    global steps
    assert response.status_code == status, (response.status_code, response.content)
    assert isinstance(response.parsed, ErrorBody), response.content
    assert response.parsed.error.code == code, response.parsed.error.code
    steps += 1


opened = []


def client(**kwargs):
    # Undocumented statuses raise instead of passing unnoticed.
    made = AuthenticatedClient(base_url=base, raise_on_unexpected_status=True, **kwargs)
    opened.append(made)
    return made


public = Client(base_url=base, raise_on_unexpected_status=True)
opened.append(public)
ada = client(token=ada_token)
ben = client(token=ben_token)

# The admin reads the widget key; the widget's config is public.
settings = ok(get_widget_settings.sync_detailed(client=ada), 200, WidgetSettings)
config = ok(get_widget_config.sync_detailed(client=public, key=settings.widget_key), 200, WidgetConfig)
assert isinstance(config.position, WidgetPosition)
refused(get_widget_config.sync_detailed(client=public, key="wk_nonsense"), 404, ErrorCode.NOT_FOUND)

# A customer starts a widget session and writes.
attributes = NewSessionAttributes.from_dict({"Plan": "Business"})
session = ok(
    start_widget_session.sync_detailed(
        client=public, body=NewSession(widget_key=settings.widget_key, name="Sam", attributes=attributes)
    ),
    201,
    WidgetSession,
)
customer = client(token=session.contact_token, prefix="", auth_header_name="X-Contact-Token")
sent = ok(
    send_customer_message.sync_detailed(
        client=customer, body=CustomerMessage(client_id=str(uuid.uuid4()), body="Hello, my order is late")
    ),
    201,
    CustomerSentMessage,
)
number = sent.conversation.number
assert sent.conversation.status == ConversationStatus.PENDING

# Ben finds it in Pending and accepts it.
page = ok(list_conversations.sync_detailed(client=ben, view="all", tab=Tab.PENDING), 200, ConversationPage)
assert number in [c.number for c in page.conversations], page
found = next(c for c in page.conversations if c.number == number)
assert isinstance(found.created_at, datetime.datetime)
refused(list_conversations.sync_detailed(client=ben, limit=1000), 400, ErrorCode.INVALID_INPUT)
me = ok(get_me.sync_detailed(client=ben), 200, Agent)
accepted = ok(accept_conversation.sync_detailed(client=ben, number=number), 200, Conversation)
assert accepted.status == ConversationStatus.WORKING_ON and accepted.assignee.id == me.id

# A reply for the customer and a private note for the team.
reply = ok(
    send_agent_message.sync_detailed(
        client=ben, number=number, body=NewMessage(client_id=str(uuid.uuid4()), body="Sorry Sam, let me check.")
    ),
    201,
    SentMessage,
)
assert not reply.message.private
ok(
    send_agent_message.sync_detailed(
        client=ben,
        number=number,
        body=NewMessage(client_id=str(uuid.uuid4()), body="Looks like a courier delay", private=True),
    ),
    201,
    SentMessage,
)

# Ben hands it to Ada in Sales with a note; Ada snoozes it, then resolves it.
ada_me = ok(get_me.sync_detailed(client=ada), 200, Agent)
ok(list_agents.sync_detailed(client=ben), 200, AgentList)
queues = list_queues.sync(client=ben).queues
sales = next(q for q in queues if q.name == "Sales")
moved = ok(
    transfer_conversation.sync_detailed(
        client=ben, number=number, body=Transfer(agent_id=ada_me.id, queue_id=sales.id, note="Sales question")
    ),
    200,
    Conversation,
)
assert moved.assignee.id == ada_me.id and moved.queue.id == sales.id
refused(accept_conversation.sync_detailed(client=ben, number=number), 409, ErrorCode.ALREADY_ASSIGNED)
until = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
snoozed = ok(snooze_conversation.sync_detailed(client=ada, number=number, body=Snooze(until=until)), 200, Conversation)
assert snoozed.status == ConversationStatus.SNOOZED
assert abs((snoozed.snoozed_until - until).total_seconds()) < 1, snoozed.snoozed_until
resolved = ok(resolve_conversation.sync_detailed(client=ada, number=number), 200, Conversation)
assert resolved.status == ConversationStatus.RESOLVED

# The history: messages (the note too) and events, each of its own model.
timeline = ok(get_timeline.sync_detailed(client=ben, number=number), 200, Timeline)
messages = [i for i in timeline.items if isinstance(i, TimelineMessage)]
events = [i for i in timeline.items if isinstance(i, TimelineEvent)]
assert [m.body for m in messages] == [
    "Hello, my order is late",
    "Sorry Sam, let me check.",
    "Looks like a courier delay",
    "Sales question",
], [m.body for m in messages]
assert [m.private for m in messages] == [False, False, True, True]
kinds = [e.type_ for e in events]
for kind in [
    EventType.CONVERSATION_CREATED,
    EventType.CONVERSATION_ACCEPTED,
    EventType.CONVERSATION_TRANSFERRED,
    EventType.CONVERSATION_SNOOZED,
    EventType.CONVERSATION_RESOLVED,
]:
    assert kind in kinds, kinds
snooze_event = next(e for e in events if e.type_ == EventType.CONVERSATION_SNOOZED)
# Every time is RFC 3339, the snooze's `until` too.
assert abs((datetime.datetime.fromisoformat(snooze_event.data["until"]) - until).total_seconds()) < 1
assert [i.seq for i in timeline.items] == sorted(i.seq for i in timeline.items)

# What the customer sees: never the private notes.
history = ok(list_customer_messages.sync_detailed(client=customer, after_seq=0), 200, CustomerMessages)
assert [m.body for m in history.messages] == ["Hello, my order is late", "Sorry Sam, let me check."]
account = ok(
    get_contact.sync_detailed(client=ben, id=sent.message.author.id), 200, ContactAccount
)
assert account.attributes.to_dict() == {"Plan": "Business"}

# Webhooks (admins): register, list, read the log, pause, remove.
hook = ok(create_webhook.sync_detailed(client=ada, body=NewWebhook(url="http://127.0.0.1:9/hook")), 201, Webhook)
assert hook.secret.startswith("whsec_")
assert hook.id in [w.id for w in ok(list_webhooks.sync_detailed(client=ada), 200, WebhookList).webhooks]
ok(list_webhook_deliveries.sync_detailed(client=ada, id=hook.id), 200, DeliveryLog)
refused(list_webhooks.sync_detailed(client=ben), 403, ErrorCode.FORBIDDEN)
paused = ok(change_webhook.sync_detailed(client=ada, id=hook.id, body=WebhookChange(active=False)), 200, Webhook)
assert not paused.active
deleted = ok(delete_webhook.sync_detailed(client=ada, id=hook.id), 200, WebhookDeleted)
assert deleted.deleted == hook.id
refused(list_webhook_deliveries.sync_detailed(client=ada, id=hook.id), 404, ErrorCode.NOT_FOUND)

# The audit (admins) names what Ada did.
audit = ok(list_audit_entries.sync_detailed(client=ada), 200, Audit)
actions = [e.action for e in audit.entries]
assert "webhook.created" in actions and "webhook.deleted" in actions, actions

# Without a token, nothing opens.
refused(list_conversations.sync_detailed(client=client(token="sbt_wrong")), 401, ErrorCode.UNAUTHENTICATED)

for made in opened:
    made.get_httpx_client().close()
print(f"the generated client drove the lifecycle: {steps} typed calls, all as documented")
