/* imap-session.c: tags, sending with literals, reading and dispatching responses, dying cleanly. */
#include "net/imap-session.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/imap-conn.h"
#include "util/str.h"
#include "util/xalloc.h"

#define READ_CHUNK		(64u << 10)
/* LOGOUT is a courtesy: a server that does not answer soon is left. */
#define LOGOUT_TIMEOUT_MS	3000

struct imap_session {
	struct imap_conn *conn;
	struct imap_parser *parser;
	char *in;			/* READ_CHUNK bytes for reading */
	unsigned next_tag;
	struct vec pending;		/* struct imap_pending *, oldest first */
	struct imap_caps caps;
	uint64_t ignored, enabled;
	char *selected;
	int io_timeout_ms;
	char peer[300];
	imap_event_fn on_event;
	void *event_arg;
	imap_progress_fn on_progress;
	void *progress_arg;
	bool want_continue, got_continue;
	bool dead;
	enum net_fail fail;
	struct err dead_err;
	char bye[256];			/* the text of an untagged BYE, if one came */
};

void
imap_pending_init(struct imap_pending *p, imap_untagged_fn fn, void *arg)
{
	memset(p, 0, sizeof(*p));
	p->on_untagged = fn;
	p->arg = arg;
}

void
imap_pending_free(struct imap_pending *p)
{
	if (p->reply != NULL)
		imap_response_free(p->reply);
	p->reply = NULL;
}

struct imap_session *
imap_session_new(void)
{
	struct imap_session *s = xcalloc(1, sizeof(*s));

	s->parser = imap_parser_new();
	s->in = xmalloc(READ_CHUNK);
	s->next_tag = 1;
	vec_init(&s->pending, sizeof(struct imap_pending *));
	imap_caps_init(&s->caps);
	s->dead = true;
	err_setx(&s->dead_err, ERR_ACCOUNT, "IMAP session not connected");
	return s;
}

/* Lets go of every command in flight: they are lost with the connection. */
static void
drop_pending(struct imap_session *s)
{
	for (size_t i = 0; i < s->pending.len; i++) {
		struct imap_pending *p = *VEC_AT(&s->pending, struct imap_pending *, i);

		p->done = p->lost = true;
		p->cond = IMAP_BAD;
	}
	vec_clear(&s->pending);
}

/* Marks the session dead with e's message (given the account scope); returns -1. */
static int
die(struct imap_session *s, enum net_fail fail, struct err *e)
{
	if (!s->dead) {
		s->dead = true;
		s->fail = fail;
		s->dead_err = *e;
		s->dead_err.scope = ERR_ACCOUNT;
	}
	drop_pending(s);
	imap_conn_free(s->conn);
	s->conn = NULL;
	imap_parser_reset(s->parser);
	*e = s->dead_err;
	return -1;
}

static int
dead_error(const struct imap_session *s, struct err *e)
{
	*e = s->dead_err;
	return -1;
}

/*
 * The connection is gone (why: "" when the server closed it cleanly): say
 * what the session was in the middle of.
 */
static int
die_lost(struct imap_session *s, const char *reason, struct err *e)
{
	const char *sep = reason[0] != '\0' ? ": " : "";
	uint64_t got, total;
	char why[256];

	snprintf(why, sizeof(why), "%s", reason);	/* reason may be e's own message */

	if (imap_parser_literal_progress(s->parser, &got, &total))
		err_setx(e, ERR_ACCOUNT, "connection to IMAP server %s lost in the middle of a "
		    "response (%" PRIu64 " of %" PRIu64 " bytes of a literal)%s%s", s->peer, got,
		    total, sep, why);
	else if (!imap_parser_at_boundary(s->parser))
		err_setx(e, ERR_ACCOUNT, "connection to IMAP server %s lost in the middle of a "
		    "response%s%s", s->peer, sep, why);
	else if (s->bye[0] != '\0')
		err_setx(e, ERR_ACCOUNT, "IMAP server %s closed the connection: %s", s->peer,
		    s->bye);
	else if (why[0] != '\0')
		err_setx(e, ERR_ACCOUNT, "connection to IMAP server %s lost: %s", s->peer, why);
	else
		err_setx(e, ERR_ACCOUNT, "IMAP server %s closed the connection", s->peer);
	return die(s, NET_FAIL_NETWORK, e);
}

static void
feed(struct imap_session *s, size_t n)
{
	uint64_t got, total;

	imap_parser_feed(s->parser, s->in, n);
	if (s->on_progress != NULL && imap_parser_literal_progress(s->parser, &got, &total))
		s->on_progress(s->progress_arg, got, total);
}

/* One read without blocking: 1 when bytes came, 0 when none were there, -1 when it died. */
static int
read_some(struct imap_session *s, struct err *e)
{
	ssize_t n = imap_conn_recv(s->conn, s->in, READ_CHUNK, e);

	if (n == IMAP_CONN_AGAIN)
		return 0;
	if (n < 0)
		return die_lost(s, e->msg, e);
	if (n == 0)
		return die_lost(s, "", e);
	feed(s, (size_t)n);
	return 1;
}

/*
 * The next complete response, reading as needed: 1 with *r, 0 when nothing
 * came within timeout_ms, -1 when the session died, IMAP_PUMP_CANCELLED.
 */
static int
next_response(struct imap_session *s, int timeout_ms, struct imap_response **r, struct err *e)
{
	enum net_fail fail;
	int rc;

	for (;;) {
		rc = imap_parser_next(s->parser, r, e);
		if (rc == 1)
			return 1;
		if (rc < 0) {
			err_prefix(e, "dropped the connection to %s", s->peer);
			return die(s, NET_FAIL_PROTOCOL, e);
		}
		rc = read_some(s, e);
		if (rc < 0)
			return -1;
		if (rc > 0)
			continue;
		/* only now, with TLS drained, can the socket tell the truth */
		rc = imap_conn_wait(s->conn, IMAP_CONN_READABLE, timeout_ms, &fail, e);
		if (rc < 0 && fail == NET_FAIL_CANCELLED)
			return IMAP_PUMP_CANCELLED;
		if (rc < 0)
			return die(s, fail, e);
		if (rc == 0)
			return 0;
	}
}

static void
learn_caps(struct imap_session *s, const struct imap_response *r, enum imap_type type)
{
	struct err e;

	if (type == IMAP_T_CAPABILITY)
		imap_resp_capability(r, &s->caps, &e);
	else if (type == IMAP_T_STATUS && imap_code_is(r, "CAPABILITY"))
		imap_code_capability(r, &s->caps, &e);
}

static void
dispatch_untagged(struct imap_session *s, const struct imap_response *r, enum imap_type type)
{
	const struct imap_value *w = imap_response_value(r, 0);

	learn_caps(s, r, type);
	if (type == IMAP_T_STATUS && imap_value_is(w, "BYE"))
		net_server_text(s->bye, sizeof(s->bye), r->text, r->text_len);
	for (size_t i = 0; i < s->pending.len; i++) {
		struct imap_pending *p = *VEC_AT(&s->pending, struct imap_pending *, i);

		if (p->on_untagged != NULL && p->on_untagged(p->arg, r, type) == 1)
			return;
	}
	if (s->on_event != NULL)
		s->on_event(s->event_arg, r, type);
}

/* A tagged answer completes the command with that tag. Takes r. */
static int
complete(struct imap_session *s, struct imap_response *r, struct err *e)
{
	struct imap_status st;

	for (size_t i = 0; i < s->pending.len; i++) {
		struct imap_pending *p = *VEC_AT(&s->pending, struct imap_pending *, i);

		if (strcmp(p->tag, r->tag) != 0)
			continue;
		if (imap_resp_status(r, &st, e) < 0) {
			imap_response_free(r);
			return die(s, NET_FAIL_PROTOCOL, e);
		}
		learn_caps(s, r, IMAP_T_STATUS);
		vec_remove(&s->pending, i);
		p->cond = st.cond;
		p->reply = r;
		p->done = true;
		return 0;
	}
	err_setx(e, ERR_ACCOUNT, "IMAP server %s answered a command taube did not send "
	    "(tag \"%.20s\")", s->peer, r->tag);
	imap_response_free(r);
	return die(s, NET_FAIL_PROTOCOL, e);
}

/* Hands r on by kind; takes r. */
static int
dispatch(struct imap_session *s, struct imap_response *r, struct err *e)
{
	enum imap_type type = imap_resp_type(r);

	if (r->kind == IMAP_RESP_TAGGED)
		return complete(s, r, e);
	if (r->kind == IMAP_RESP_CONTINUE) {
		imap_response_free(r);
		if (!s->want_continue) {
			err_setx(e, ERR_ACCOUNT, "IMAP server %s asked for data nobody offered "
			    "(a \"+\" out of turn)", s->peer);
			return die(s, NET_FAIL_PROTOCOL, e);
		}
		s->got_continue = true;
		return 0;
	}
	dispatch_untagged(s, r, type);
	imap_parser_recycle(s->parser, r);
	return 0;
}

/* Reads and dispatches one response within the I/O timeout; -1 when the session died. */
static int
step(struct imap_session *s, const char *waiting_for, struct err *e)
{
	struct imap_response *r;
	int rc = next_response(s, s->io_timeout_ms, &r, e);

	if (rc == IMAP_PUMP_CANCELLED) {
		/* a command is half done: the session cannot be kept in step */
		err_setx(e, ERR_ACCOUNT, "IMAP %s on %s cancelled", waiting_for, s->peer);
		return die(s, NET_FAIL_CANCELLED, e);
	}
	if (rc < 0)
		return -1;
	if (rc == 0) {
		err_setx(e, ERR_ACCOUNT, "IMAP server %s did not answer %s within %d s", s->peer,
		    waiting_for, (s->io_timeout_ms + 999) / 1000);
		return die(s, NET_FAIL_NETWORK, e);
	}
	return dispatch(s, r, e);
}

static int
send_bytes(struct imap_session *s, const char *data, size_t len, struct err *e)
{
	enum net_fail fail;

	while (len > 0) {
		ssize_t n = imap_conn_send(s->conn, data, len, e);
		int ready;

		if (n > 0) {
			data += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && n != IMAP_CONN_AGAIN)
			return die(s, NET_FAIL_NETWORK, e);
		/* Read while blocked, so a server busy answering earlier commands never stalls us both. */
		ready = imap_conn_wait(s->conn, IMAP_CONN_READABLE | IMAP_CONN_WRITABLE,
		    s->io_timeout_ms, &fail, e);
		if (ready < 0)
			return die(s, fail, e);
		if (ready == 0) {
			err_setx(e, ERR_ACCOUNT, "IMAP server %s took nothing for %d s", s->peer,
			    (s->io_timeout_ms + 999) / 1000);
			return die(s, NET_FAIL_NETWORK, e);
		}
		if ((ready & IMAP_CONN_READABLE) && read_some(s, e) < 0)
			return -1;
	}
	return 0;
}

int
imap_session_wait_continue(struct imap_session *s, struct imap_pending *p, struct err *e)
{
	int rc = 0;

	s->want_continue = true;
	s->got_continue = false;
	while (!s->got_continue && !p->done && rc == 0)
		rc = step(s, "with \"+\"", e);
	s->want_continue = false;
	if (rc < 0 || p->lost)
		return s->dead ? dead_error(s, e) : -1;
	return s->got_continue ? 0 : 1;
}

/* "UID FETCH" from "t7 UID FETCH 1:* (...)": the command's name for messages. */
static void
command_name(struct imap_pending *p, const char *line)
{
	const char *a = strchr(line, ' '), *b;

	a = a != NULL ? a + 1 : line;
	b = a + strcspn(a, " \r\n");
	if (str_ncasecmp_ascii(a, "UID ", 4) == 0)
		b = a + 4 + strcspn(a + 4, " \r\n");
	snprintf(p->name, sizeof(p->name), "%.*s", (int)(b - a), a);
	snprintf(p->tag, sizeof(p->tag), "%.*s", (int)strcspn(line, " "), line);
}

int
imap_session_start(struct imap_session *s, struct imap_cmd *c, struct imap_pending *p,
    struct err *e)
{
	const char *data;
	size_t len;

	if (s->dead)
		return dead_error(s, e);
	if (imap_cmd_end(c, e) < 0)
		return -1;
	command_name(p, buf_cstr(&c->out));
	p->done = p->lost = false;
	imap_pending_free(p);
	vec_push(&s->pending, &p);
	for (size_t i = 0; i < imap_cmd_parts(c); i++) {
		if (i > 0) {
			int rc = imap_session_wait_continue(s, p, e);

			if (rc != 0)
				return rc < 0 ? -1 : 0;	/* 1: refused before its literal */
		}
		imap_cmd_part(c, i, &data, &len);
		if (send_bytes(s, data, len, e) < 0)
			return -1;
	}
	return 0;
}

int
imap_session_wait(struct imap_session *s, struct imap_pending *p, struct err *e)
{
	char what[64];

	snprintf(what, sizeof(what), "%s", p->name);
	while (!p->done)
		if (step(s, what, e) < 0)
			break;
	if (p->lost || !p->done)
		return dead_error(s, e);
	return 0;
}

int
imap_session_wait_all(struct imap_session *s, struct err *e)
{
	while (s->pending.len > 0) {
		struct imap_pending *p = *VEC_AT(&s->pending, struct imap_pending *, 0);

		if (imap_session_wait(s, p, e) < 0)
			return -1;
	}
	return 0;
}

int
imap_pending_check(const struct imap_session *s, const struct imap_pending *p,
    enum err_scope scope, const char *what, struct err *e)
{
	char text[300];
	const char *t = "";
	size_t tl = 0;

	if (p->lost)
		return dead_error(s, e);
	if (p->cond == IMAP_OK)
		return 0;
	if (p->reply != NULL) {
		t = p->reply->text;
		tl = p->reply->text_len;
	}
	net_server_text(text, sizeof(text), t, tl);
	return err_setx(e, scope, "%s: the IMAP server %s: %s", what,
	    p->cond == IMAP_BAD ? "rejected the command" : "said no", tl ? text : "(no reason)");
}

void
imap_op_fail(struct imap_op *o, const struct err *e)
{
	if (!o->failed)
		o->err = *e;
	o->failed = true;
}

int
imap_op_run(struct imap_op *o, struct imap_session *s, struct imap_cmd *c, imap_untagged_fn fn,
    enum err_scope scope, const char *what, struct err *e)
{
	int rc;

	o->s = s;
	imap_pending_init(&o->p, fn, o);
	rc = imap_session_start(s, c, &o->p, e);
	imap_cmd_free(c);
	if (rc < 0 && !s->dead) {
		/* an argument the builder refused: this command's problem, not the account's */
		e->scope = scope;
		err_prefix(e, "%s", what);
	}
	if (rc == 0)
		rc = imap_session_wait(s, &o->p, e);
	if (rc == 0)
		rc = imap_pending_check(s, &o->p, scope, what, e);
	if (rc == 0 && o->failed) {
		*e = o->err;
		rc = -1;
	}
	return rc;
}

int
imap_session_run(struct imap_session *s, struct imap_cmd *c, enum err_scope scope,
    const char *what, struct err *e)
{
	struct imap_op o = { 0 };
	int rc = imap_op_run(&o, s, c, NULL, scope, what, e);

	imap_pending_free(&o.p);
	return rc;
}

void
imap_session_cmd(struct imap_session *s, struct imap_cmd *c, const char *name)
{
	char tag[16];
	unsigned flags = 0;

	if (imap_session_has(s, IMAP_CAP_LITERAL_PLUS))
		flags |= IMAP_CMD_LITERAL_PLUS;
	else if (imap_session_has(s, IMAP_CAP_LITERAL_MINUS))
		flags |= IMAP_CMD_LITERAL_MINUS;
	snprintf(tag, sizeof(tag), "t%u", s->next_tag++);
	imap_cmd_init(c, flags);
	imap_cmd_begin(c, tag, name);
}

int
imap_session_pump(struct imap_session *s, int timeout_ms, struct err *e)
{
	struct imap_response *r;
	int rc, n = 0;

	if (s->dead)
		return dead_error(s, e);
	rc = next_response(s, timeout_ms, &r, e);
	while (rc == 1) {
		if (dispatch(s, r, e) < 0)
			return -1;
		n++;
		rc = imap_parser_next(s->parser, &r, e);	/* what came with it, without waiting */
		if (rc < 0) {
			err_prefix(e, "dropped the connection to %s", s->peer);
			return die(s, NET_FAIL_PROTOCOL, e);
		}
	}
	if (rc == IMAP_PUMP_CANCELLED)
		return n > 0 ? n : IMAP_PUMP_CANCELLED;
	return rc < 0 ? -1 : n;
}

int
imap_session_send_line(struct imap_session *s, const char *line, struct err *e)
{
	if (s->dead)
		return dead_error(s, e);
	return send_bytes(s, line, strlen(line), e);
}

static void
copy_caps(struct imap_caps *to, const struct imap_caps *from)
{
	imap_caps_free(to);
	imap_caps_init(to);
	to->bits = from->bits;
	for (size_t i = 0; i < strvec_len(&from->names); i++)
		strvec_push(&to->names, strvec_get(&from->names, i));
}

/* Forgets the connection and everything learnt on it. */
static void
reset(struct imap_session *s)
{
	drop_pending(s);
	imap_conn_free(s->conn);
	s->conn = NULL;
	imap_parser_reset(s->parser);
	imap_caps_free(&s->caps);
	imap_caps_init(&s->caps);
	s->enabled = 0;
	free(s->selected);
	s->selected = NULL;
	s->bye[0] = '\0';
	s->want_continue = s->got_continue = false;
}

int
imap_session_connect(struct imap_session *s, const struct net_endpoint *ep, struct err *e)
{
	const struct imap_caps *caps;
	struct imap_cmd c;

	if (!s->dead)
		imap_session_logout(s);
	reset(s);
	s->io_timeout_ms = (int)net_io_timeout_ms(ep);
	snprintf(s->peer, sizeof(s->peer), "%s port %u", ep->host ? ep->host : "?", ep->port);
	if (imap_conn_open(&s->conn, ep, &s->fail, e) < 0) {
		s->dead_err = *e;
		return -1;
	}
	s->dead = false;
	s->fail = NET_FAIL_NONE;
	caps = imap_conn_login_caps(s->conn);
	if (caps != NULL && caps->bits & (IMAP_CAP_IMAP4REV1 | IMAP_CAP_IMAP4REV2)) {
		copy_caps(&s->caps, caps);
		return 0;
	}
	/* curl read the greeting and its own answers; what comes next is ours alone. */
	imap_session_cmd(s, &c, "CAPABILITY");
	return imap_session_run(s, &c, ERR_ACCOUNT, "asking for capabilities", e);
}

void
imap_session_logout(struct imap_session *s)
{
	struct imap_cmd c;
	struct err e;
	int saved = s->io_timeout_ms;

	if (s->dead)
		return;		/* keeps the reason it died for */
	/* with a command in flight (IDLE, say) LOGOUT would not be read as one */
	if (s->pending.len == 0) {
		s->io_timeout_ms = saved < LOGOUT_TIMEOUT_MS ? saved : LOGOUT_TIMEOUT_MS;
		imap_session_cmd(s, &c, "LOGOUT");
		/* errors are of no interest: the connection goes either way */
		imap_session_run(s, &c, ERR_ACCOUNT, "logging out", &e);
		s->io_timeout_ms = saved;
	}
	drop_pending(s);
	imap_conn_free(s->conn);
	s->conn = NULL;
	s->dead = true;
	s->fail = NET_FAIL_NONE;
	err_setx(&s->dead_err, ERR_ACCOUNT, "IMAP session with %s logged out", s->peer);
}

/* Sleeps ms, or less when cancel_fd becomes readable: 0, or -1 when cancelled. */
static int
pause_ms(int cancel_fd, unsigned ms)
{
	struct pollfd p = { .fd = cancel_fd, .events = POLLIN };
	int rc;

	do
		rc = poll(&p, cancel_fd >= 0 ? 1 : 0, (int)ms);
	while (rc < 0 && errno == EINTR);
	return rc > 0 ? -1 : 0;
}

int
imap_session_reconnect(struct imap_session *s, const struct net_endpoint *ep,
    const struct net_backoff *b, struct err *e)
{
	unsigned delay = b->first_ms, attempts = b->attempts ? b->attempts : 1;

	for (unsigned i = 0;; i++) {
		if (imap_session_connect(s, ep, e) == 0)
			return 0;
		if (s->fail != NET_FAIL_NETWORK || i + 1 >= attempts)
			return -1;
		if (pause_ms(ep->cancel_fd, delay) < 0) {
			s->fail = NET_FAIL_CANCELLED;
			return err_setx(e, ERR_ACCOUNT, "reconnecting to %s cancelled", s->peer);
		}
		delay = delay > b->max_ms / 2 ? b->max_ms : delay * 2;
	}
}

void
imap_session_free(struct imap_session *s)
{
	if (s == NULL)
		return;
	if (!s->dead)
		imap_session_logout(s);
	reset(s);
	imap_caps_free(&s->caps);
	imap_parser_free(s->parser);
	vec_free(&s->pending);
	free(s->in);
	free(s);
}

bool
imap_session_alive(const struct imap_session *s)
{
	return !s->dead;
}

enum net_fail
imap_session_fail(const struct imap_session *s)
{
	return s->fail;
}

const char *
imap_session_peer(const struct imap_session *s)
{
	return s->peer;
}

void
imap_session_on_event(struct imap_session *s, imap_event_fn fn, void *arg)
{
	s->on_event = fn;
	s->event_arg = arg;
}

void
imap_session_on_progress(struct imap_session *s, imap_progress_fn fn, void *arg)
{
	s->on_progress = fn;
	s->progress_arg = arg;
}

bool
imap_session_literal_progress(const struct imap_session *s, uint64_t *got, uint64_t *total)
{
	return imap_parser_literal_progress(s->parser, got, total);
}

const struct imap_caps *
imap_session_caps(const struct imap_session *s)
{
	return &s->caps;
}

bool
imap_session_has(const struct imap_session *s, uint64_t bits)
{
	return (s->caps.bits & bits) == bits && (s->ignored & bits) == 0;
}

void
imap_session_ignore_caps(struct imap_session *s, uint64_t bits)
{
	s->ignored |= bits;
}

uint64_t
imap_session_enabled(const struct imap_session *s)
{
	return s->enabled;
}

void
imap_session_mark_enabled(struct imap_session *s, uint64_t bits)
{
	s->enabled |= bits;
}

const char *
imap_session_selected(const struct imap_session *s)
{
	return s->selected;
}

void
imap_session_set_selected(struct imap_session *s, const char *raw)
{
	free(s->selected);
	s->selected = raw != NULL ? xstrdup(raw) : NULL;
}
