/*
 * imap-session.h: the tagged command/response engine on one IMAP connection.
 *
 * A command is built with imap-cmd (imap_session_cmd gives it the next
 * tag, "t1", "t2" ...), started with imap_session_start, which sends it
 * (waiting for "+" before each synchronising literal; none wait when the
 * server has LITERAL+), and finished with imap_session_wait. Several
 * commands may be started before waiting: a simple pipeline.
 *
 * Responses are read by the push parser (imap-parse.h), so literals are
 * counted, never scanned. Each untagged response is offered to the
 * untagged handler of every command in flight, oldest first; the first one
 * that takes it ends the offer. What nobody takes goes to the event
 * handler: EXISTS, EXPUNGE, VANISHED, FETCH of flags changed elsewhere,
 * ALERT, BYE. Handlers run inside session calls and must not call the
 * session themselves.
 *
 * A session whose connection broke (closed, reset, silent past the
 * timeout, out of step) is dead: every call then fails at once with the
 * same ERR_ACCOUNT error, and the engine may call imap_session_reconnect.
 * One session belongs to one thread at a time.
 */
#ifndef TAUBE_NET_IMAP_SESSION_H
#define TAUBE_NET_IMAP_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "net/imap-cmd.h"
#include "net/imap-parse.h"
#include "net/imap-resp.h"
#include "net/net.h"
#include "util/err.h"

struct imap_session;

/* Offered an untagged response while the command is in flight: 1 when it took it, else 0. */
typedef int (*imap_untagged_fn)(void *arg, const struct imap_response *r, enum imap_type type);
/* Gets what no command took. */
typedef void (*imap_event_fn)(void *arg, const struct imap_response *r, enum imap_type type);
/* Called as a literal arrives: bytes in so far of total. */
typedef void (*imap_progress_fn)(void *arg, uint64_t got, uint64_t total);

/*
 * A command in flight. The caller owns it (on its stack is fine) and must
 * wait for it before it goes out of scope; a session that dies lets go of
 * every command it held.
 */
struct imap_pending {
	imap_untagged_fn on_untagged;	/* the caller's; may be NULL */
	void *arg;
	char tag[16];			/* the session's from here on */
	char name[24];			/* "UID FETCH", for messages */
	bool done;			/* completed, or lost with the connection */
	bool lost;
	enum imap_cond cond;		/* IMAP_OK, IMAP_NO or IMAP_BAD once done and not lost */
	struct imap_response *reply;	/* the tagged answer (codes: APPENDUID, READ-WRITE ...) */
};

void imap_pending_init(struct imap_pending *p, imap_untagged_fn fn, void *arg);
/* Frees the reply; the pending may be used again after imap_pending_init. */
void imap_pending_free(struct imap_pending *p);

struct imap_session *imap_session_new(void);
/* Logs out when connected, and frees. */
void imap_session_free(struct imap_session *s);

/*
 * Connects and logs in (imap-conn.h), then learns the capabilities from the
 * answer to the login, or with CAPABILITY. A connected session is dropped
 * first. -1 with e and imap_session_fail() saying why.
 */
int imap_session_connect(struct imap_session *s, const struct net_endpoint *ep, struct err *e);

/* Retry policy for reconnecting: attempts in all, the first delay, doubling up to max. */
struct net_backoff {
	unsigned attempts;
	unsigned first_ms;
	unsigned max_ms;
};

/*
 * Drops the connection (logging out if it still works) and connects again,
 * waiting between attempts as b says, but only while the failure is
 * NET_FAIL_NETWORK: a refused password or certificate stops at once. The
 * wait ends early when ep->cancel_fd becomes readable. Nothing of the old
 * session survives: the engine selects its folder again.
 */
int imap_session_reconnect(struct imap_session *s, const struct net_endpoint *ep,
    const struct net_backoff *b, struct err *e);

/* Sends LOGOUT, waits briefly for its answer, closes. The session can connect again. */
void imap_session_logout(struct imap_session *s);

bool imap_session_alive(const struct imap_session *s);
/* Why the last connect failed or the session died; NET_FAIL_NONE while alive. */
enum net_fail imap_session_fail(const struct imap_session *s);
const char *imap_session_peer(const struct imap_session *s);

void imap_session_on_event(struct imap_session *s, imap_event_fn fn, void *arg);
void imap_session_on_progress(struct imap_session *s, imap_progress_fn fn, void *arg);
/* While a literal is arriving: how much of it is in (imap_parser_literal_progress). */
bool imap_session_literal_progress(const struct imap_session *s, uint64_t *got, uint64_t *total);

const struct imap_caps *imap_session_caps(const struct imap_session *s);
/* True when the server offers every capability in bits and none of them is ignored. */
bool imap_session_has(const struct imap_session *s, uint64_t bits);
/* Acts as if the server did not offer these (for broken servers, and to test fallbacks). */
void imap_session_ignore_caps(struct imap_session *s, uint64_t bits);
/* What ENABLE turned on (IMAP_CAP_QRESYNC, IMAP_CAP_CONDSTORE); imap-ops records it. */
uint64_t imap_session_enabled(const struct imap_session *s);
void imap_session_mark_enabled(struct imap_session *s, uint64_t bits);

/* The raw name of the selected folder, or NULL; imap-ops keeps it up to date. */
const char *imap_session_selected(const struct imap_session *s);
void imap_session_set_selected(struct imap_session *s, const char *raw);

/* Initialises c for this server (LITERAL+ when offered) and begins it with the next tag. */
void imap_session_cmd(struct imap_session *s, struct imap_cmd *c, const char *name);

/*
 * Ends c and sends it, part by part; p (set up with imap_pending_init)
 * joins the commands in flight. Returns 0 once all is sent, or
 * earlier when the server answered with a tagged NO or BAD instead of "+"
 * (p is then done). -1 with e when c holds a refused argument (the session
 * lives on) or the session died.
 */
int imap_session_start(struct imap_session *s, struct imap_cmd *c, struct imap_pending *p,
    struct err *e);

/* Reads and dispatches until p is done. -1 only when the session died. */
int imap_session_wait(struct imap_session *s, struct imap_pending *p, struct err *e);
/* Until no command is in flight. */
int imap_session_wait_all(struct imap_session *s, struct err *e);

/* For NO and BAD: "what: the IMAP server said: text" with scope. 0 for OK. */
int imap_pending_check(const struct imap_session *s, const struct imap_pending *p,
    enum err_scope scope, const char *what, struct err *e);

/*
 * One command of an operation: its pending, and the first error its
 * untagged handler met (a handler cannot stop the command: the answer is
 * read to its end so the session stays in step). A handler's context
 * starts with an imap_op, so the handler's arg is both.
 */
struct imap_op {
	struct imap_session *s;
	struct imap_pending p;
	struct err err;
	bool failed;
};

/* Records e as the op's error, unless one is recorded already. */
void imap_op_fail(struct imap_op *o, const struct err *e);

/*
 * Runs c to completion and frees it: start, wait, check, then the
 * handler's error. fn gets the untagged responses meanwhile, with o as arg.
 * A refusal, and an argument the builder refused, are errors of scope about
 * what. The tagged reply stays in o->p for its codes (APPENDUID ...): free
 * it with imap_pending_free(&o->p).
 */
int imap_op_run(struct imap_op *o, struct imap_session *s, struct imap_cmd *c,
    imap_untagged_fn fn, enum err_scope scope, const char *what, struct err *e);

/* imap_op_run without handler, the reply thrown away. */
int imap_session_run(struct imap_session *s, struct imap_cmd *c, enum err_scope scope,
    const char *what, struct err *e);

/*
 * For IDLE: waits until the server answers p with "+". Returns 0 then, 1
 * when p completed instead (check it), -1 when the session died.
 */
int imap_session_wait_continue(struct imap_session *s, struct imap_pending *p, struct err *e);

#define IMAP_PUMP_CANCELLED	(-2)

/*
 * Reads and dispatches what arrives within timeout_ms (-1: until something
 * does): the number of responses dispatched, 0 when none came,
 * IMAP_PUMP_CANCELLED when ep->cancel_fd became readable (the session lives
 * on; the caller drains cancel_fd), -1 when the session died.
 * Elsewhere, a cancel while a command is in flight kills the session.
 */
int imap_session_pump(struct imap_session *s, int timeout_ms, struct err *e);

/* Sends a line that is no command ("DONE\r\n" ends IDLE). */
int imap_session_send_line(struct imap_session *s, const char *line, struct err *e);

#endif
