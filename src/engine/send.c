/* send.c: the outbox flush: claim, submit over SMTP, record the verdict, then the Sent copies. */
#include "engine/send.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/account.h"
#include "engine/compose.h"
#include "engine/save.h"
#include "engine/session.h"
#include "net/smtp.h"
#include "store/outbox.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/xalloc.h"
#include "util/xdg.h"

#define SEND_MAX	(256u << 20)	/* bytes of one queued message */

/* A message that left, waiting for its Sent copy. */
struct sent_copy {
	char *id;
	struct buf msg;		/* as queued: Bcc: kept, for the sender's record */
	int code;
	char reply[512];
	struct strvec refused;
};

struct flush {
	const struct conf *conf;
	const struct conf_account *a;
	struct outbox *ob;
	struct eng_account acct;
	eng_sent_fn fn;
	void *arg;
	struct vec copies;	/* struct sent_copy */
	int unsent;
};

int
eng_outbox_open(struct outbox **out, const struct conf_account *a, struct err *e)
{
	char *leaf, *path;
	int rc;

	if (a->name[0] == '.' || strchr(a->name, '/') != NULL)
		return err_setx(e, ERR_ACCOUNT, "account name \"%s\" cannot name an outbox "
		    "folder (no '/', no leading '.')", a->name);
	leaf = xasprintf("outbox/%s", a->name);
	path = xdg_taube_path(XDG_DATA, leaf);
	free(leaf);
	if (path == NULL)
		return err_setx(e, ERR_ACCOUNT, "no place for the outbox: set HOME or "
		    "XDG_DATA_HOME");
	rc = outbox_open(out, path, e);
	free(path);
	return rc;
}

void
eng_outbox_close(struct outbox *ob)
{
	outbox_close(ob);
}

int
eng_outbox_list(struct outbox *ob, enum outbox_box box, struct vec *out, struct err *e)
{
	return outbox_list(ob, box, time(NULL), out, e);
}

int
eng_outbox_queue(struct outbox *ob, const char *msg, size_t len, char **id, struct err *e)
{
	return outbox_add(ob, msg, len, time(NULL), id, e);
}

static void
report(struct flush *fl, struct eng_sent *r)
{
	static const struct strvec none = STRVEC_INIT;

	if (r->refused == NULL)
		r->refused = &none;
	if (r->reply == NULL)
		r->reply = "";
	if (r->error == NULL)
		r->error = "";
	if (r->result != ENG_SENT)
		fl->unsent++;
	if (fl->fn != NULL)
		fl->fn(fl->arg, r);
}

/* "addr: 550 text" for each recipient the server refused. */
static void
refused_list(struct strvec *out, const struct smtp_result *res)
{
	for (size_t i = 0; i < res->rcpts.len; i++) {
		const struct smtp_rcpt_result *r = VEC_AT(&res->rcpts, struct smtp_rcpt_result, i);
		struct buf line = BUF_INIT;

		str_make_visible(&line, r->addr, strlen(r->addr));
		buf_addf(&line, ": %d %s", r->code, r->text);
		strvec_push(out, buf_cstr(&line));
		buf_free(&line);
	}
}

/* The verdict into the outbox, and the report for everything but a sent message. */
static void
record(struct flush *fl, struct outbox_claim *cl, enum outbox_outcome oc,
    const struct smtp_result *res, const char *error)
{
	const struct outbox_entry *en = outbox_claim_entry(cl);
	struct eng_sent r = { .id = en->id, .code = res->code, .reply = res->reply,
	    .error = error };
	enum outbox_fate fate;
	struct buf why = BUF_INIT;
	struct err e;

	/* what the outbox keeps: the server's words, else taube's */
	buf_adds(&why, res->code != 0 ? "" : error);
	if (res->code != 0)
		buf_addf(&why, "%d %s", res->code, res->reply);
	if (outbox_record(cl, oc, buf_cstr(&why), time(NULL), &fate, &e) < 0) {
		r.result = ENG_QUEUED;
		r.error = e.msg;
		r.next_due = en->next_due;
	} else {
		r.result = fate == OUTBOX_GAVE_UP ? ENG_GAVE_UP : ENG_QUEUED;
		r.next_due = en->next_due;
	}
	buf_free(&why);
	report(fl, &r);
}

/* Sent: out of the outbox at once, the report after the copy. */
static void
record_sent(struct flush *fl, struct outbox_claim *cl, const struct smtp_result *res,
    struct buf *msg)
{
	struct sent_copy *sc;
	struct err e;

	if (outbox_record(cl, OUTBOX_SENT, NULL, time(NULL), NULL, &e) < 0) {
		/* it left, but stays queued: the next flush sends it again */
		struct eng_sent r = { .id = outbox_claim_entry(cl)->id, .result = ENG_QUEUED,
		    .code = res->code, .reply = res->reply, .error = e.msg };
		report(fl, &r);
		return;
	}
	sc = vec_push_zero(&fl->copies);
	sc->id = xstrdup(outbox_claim_entry(cl)->id);
	sc->msg = *msg;
	buf_init(msg);
	sc->code = res->code;
	snprintf(sc->reply, sizeof(sc->reply), "%s", res->reply);
	strvec_init(&sc->refused);
	refused_list(&sc->refused, res);
}

/* One claimed message: read, made ready for SMTP, submitted, recorded. */
static void
submit(struct flush *fl, struct outbox_claim *cl)
{
	struct smtp_result res;
	struct buf raw = BUF_INIT, out = BUF_INIT;
	struct eng_envelope env;
	const char *from;
	struct err e;
	int rc;

	memset(&res, 0, sizeof(res));
	vec_init(&res.rcpts, sizeof(struct smtp_rcpt_result));
	eng_envelope_init(&env);
	rc = outbox_claim_read(cl, &raw, SEND_MAX, &e);
	if (rc == 0 && eng_message_prepare(raw.data, raw.len, fl->a->from, &out, &env, &e) < 0) {
		record(fl, cl, OUTBOX_PERMFAIL, &res, e.msg);	/* it never can be sent */
	} else if (rc == 0) {
		from = fl->a->envelope_from != NULL ? fl->a->envelope_from : env.from;
		rc = smtp_submit(&fl->acct.smtp, from, (const char *const *)env.rcpt.v.items,
		    strvec_len(&env.rcpt), out.data, out.len, &res, &e);
		if (rc == 0)
			record_sent(fl, cl, &res, &raw);	/* the copy keeps Bcc:, as written */
		else
			record(fl, cl, res.outcome == SMTP_PERMANENT ? OUTBOX_PERMFAIL :
			    OUTBOX_TEMPFAIL, &res, e.msg);
	} else {
		record(fl, cl, OUTBOX_TEMPFAIL, &res, e.msg);
	}
	smtp_result_free(&res);
	eng_envelope_free(&env);
	buf_free(&raw);
	buf_free(&out);
}

/* The Sent copies over one IMAP session, else into the local Maildir. */
static void
save_copies(struct flush *fl)
{
	struct eng_session *s = NULL;
	struct err se;
	bool imap = fl->a->has_imap;

	if (fl->copies.len == 0 || (!imap && fl->a->maildir == NULL))
		return;
	if (imap && eng_session_open(&s, fl->conf, fl->a->name, &se) < 0)
		s = NULL;
	for (size_t i = 0; i < fl->copies.len; i++) {
		struct sent_copy *sc = VEC_AT(&fl->copies, struct sent_copy, i);
		struct eng_sent r = { .id = sc->id, .result = ENG_SENT, .code = sc->code,
		    .reply = sc->reply, .refused = &sc->refused };
		const char *where = NULL;
		char *path = NULL;
		struct err e;

		if (imap && s == NULL)
			r.copy_error = se.msg;
		else if (imap && eng_save_imap(s, ENG_USE_SENT, sc->msg.data, sc->msg.len,
		    ENG_SAVE_SEEN, &where, &e) < 0)
			r.copy_error = e.msg;
		else if (!imap && eng_save_maildir(fl->a, ENG_USE_SENT, sc->msg.data,
		    sc->msg.len, ENG_SAVE_SEEN, &path, &e) < 0)
			r.copy_error = e.msg;
		r.copy = where != NULL ? where : path;
		report(fl, &r);
		free(path);
	}
	eng_session_close(s);
}

static void
copies_free(struct vec *copies)
{
	for (size_t i = 0; i < copies->len; i++) {
		struct sent_copy *sc = VEC_AT(copies, struct sent_copy, i);

		free(sc->id);
		buf_free(&sc->msg);
		strvec_free(&sc->refused);
	}
	vec_free(copies);
}

/* Tries one queued message, unless another process has it. */
static void
attempt(struct flush *fl, const char *id)
{
	struct outbox_claim *cl;
	struct err e;
	int rc = outbox_claim(fl->ob, id, time(NULL), &cl, &e);

	if (rc == 1) {
		submit(fl, cl);
		outbox_release(cl);
		return;
	}
	if (rc == 0) {
		struct eng_sent r = { .id = id, .result = ENG_BUSY,
		    .error = "being sent by another taube, or no longer queued" };
		report(fl, &r);
		return;
	}
	struct eng_sent r = { .id = id, .result = ENG_QUEUED, .error = e.msg };
	report(fl, &r);
}

/* The ids to try: only, or the due ones. */
static int
due_ids(struct outbox *ob, const char *only, bool force, struct strvec *ids, struct err *e)
{
	struct vec due = VEC_INIT(struct outbox_entry);

	if (only != NULL) {
		strvec_push(ids, only);
		return 0;
	}
	if (outbox_due(ob, time(NULL), force, &due, e) < 0)
		return -1;
	for (size_t i = 0; i < due.len; i++)
		strvec_push(ids, VEC_AT(&due, struct outbox_entry, i)->id);
	outbox_entries_free(&due);
	return 0;
}

int
eng_outbox_flush(const struct conf *c, const struct conf_account *a, struct outbox *ob,
    const char *only, bool force, eng_sent_fn fn, void *arg, struct err *e)
{
	struct flush fl = { .conf = c, .a = a, .ob = ob, .fn = fn, .arg = arg };
	struct strvec ids = STRVEC_INIT;

	if (!a->has_smtp)
		return err_setx(e, ERR_ACCOUNT, "account %s has no SMTP server ('smtp =')",
		    a->name);
	if (due_ids(ob, only, force, &ids, e) < 0)
		return -1;
	if (strvec_len(&ids) == 0) {
		strvec_free(&ids);
		return 0;
	}
	if (net_global_init(e) < 0 || eng_account_open(&fl.acct, a, e) < 0) {
		strvec_free(&ids);
		return -1;
	}
	vec_init(&fl.copies, sizeof(struct sent_copy));
	for (size_t i = 0; i < strvec_len(&ids); i++)
		attempt(&fl, strvec_get(&ids, i));
	eng_account_close(&fl.acct);
	save_copies(&fl);
	copies_free(&fl.copies);
	strvec_free(&ids);
	return fl.unsent;
}
