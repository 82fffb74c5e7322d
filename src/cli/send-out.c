/* send-out.c: queue and send now, say what happened to each message, postpone a draft. */
#include "cli/send-out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine/messages.h"
#include "engine/save.h"
#include "engine/session.h"
#include "engine/sync.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/str.h"

static void
refused(const struct eng_sent *r)
{
	for (size_t i = 0; i < strvec_len(r->refused); i++)
		cli_warn("refused recipient %s", strvec_get(r->refused, i));
}

static void
sent(const struct eng_sent *r)
{
	refused(r);
	if (r->copy_error != NULL)
		cli_warn("sent, but the copy could not be saved: %s", r->copy_error);
	else if (isatty(STDERR_FILENO))
		cli_warn("sent%s%s%s", r->copy != NULL ? "; copy saved to " : "",
		    r->copy != NULL ? r->copy : "",
		    strvec_len(r->refused) > 0 ? " (not to every recipient)" : "");
}

void
cli_sent_report(void *arg, const struct eng_sent *r)
{
	char when[32] = "";
	struct tm tm;

	(void)arg;
	switch (r->result) {
	case ENG_SENT:
		sent(r);
		break;
	case ENG_QUEUED:
		if (r->next_due != 0 && localtime_r(&r->next_due, &tm) != NULL)
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		cli_error("not sent yet, kept in the outbox: %s", r->error);
		if (when[0] != '\0')
			cli_warn("next attempt after %s, or now with `taube outbox flush`", when);
		break;
	case ENG_GAVE_UP:
		refused(r);
		cli_error("not sent, moved to the outbox's failed folder: %s", r->error);
		break;
	case ENG_BUSY:
		cli_warn("%s: %s", r->id, r->error);
		break;
	}
}

int
cli_send_now(const struct conf *c, const struct conf_account *a, const char *msg,
    size_t len)
{
	struct outbox *ob;
	char *id = NULL;
	struct err e;
	int rc;

	if (!a->has_smtp) {
		cli_error("account %s has no SMTP server ('smtp =')", a->name);
		return CLI_FAIL;
	}
	err_clear(&e);
	if (eng_outbox_open(&ob, a, &e) < 0 || eng_outbox_queue(ob, msg, len, &id, &e) < 0) {
		cli_error("%s", e.msg);
		eng_outbox_close(ob);
		return CLI_FAIL;
	}
	/* from here on the message is safe in the outbox, whatever happens */
	rc = eng_outbox_flush(c, a, ob, id, false, cli_sent_report, NULL, &e);
	if (rc < 0)
		cli_error("%s; the message waits in the outbox (`taube outbox flush`)", e.msg);
	free(id);
	eng_outbox_close(ob);
	return rc == 0 ? CLI_OK : CLI_FAIL;
}

int
cli_postpone(const struct conf *c, const struct conf_account *a, const char *msg,
    size_t len)
{
	struct eng_session *s;
	const char *where = NULL;
	char *path = NULL;
	struct err e;
	int rc;

	err_clear(&e);
	if (a->has_imap) {
		rc = eng_session_open(&s, c, a->name, &e);
		if (rc == 0)
			rc = eng_save_imap(s, ENG_USE_DRAFTS, msg, len,
			    ENG_SAVE_DRAFT | ENG_SAVE_SEEN, &where, &e);
		if (rc == 0 && isatty(STDERR_FILENO))
			cli_warn("draft saved to %s", where);
		eng_session_close(s);	/* NULL after a failed open */
	} else {
		rc = eng_save_maildir(a, ENG_USE_DRAFTS, msg, len,
		    ENG_SAVE_DRAFT | ENG_SAVE_SEEN, &path, &e);
		if (rc == 0 && isatty(STDERR_FILENO))
			cli_warn("draft saved to %s", path);
		free(path);
	}
	if (rc < 0)
		cli_error("%s", e.msg);
	return rc < 0 ? CLI_FAIL : CLI_OK;
}

int
cli_read_input(const char *path, size_t max, struct buf *out)
{
	struct err e;

	if (fs_read_file(strcmp(path, "-") == 0 ? "/dev/stdin" : path, out, max, &e) < 0) {
		cli_error("%s", e.msg);
		return CLI_FAIL;
	}
	return CLI_OK;
}

static int
add_body(struct eng_draft *d, const char *body_file)
{
	struct buf text = BUF_INIT, body = BUF_INIT;
	struct err e;
	int rc;

	if (cli_read_input(body_file, ENG_BODY_MAX, &text) != CLI_OK)
		return CLI_FAIL;
	buf_add(&body, d->body.data != NULL ? d->body.data : "", d->body.len);
	if (body.len > 0 && body.data[body.len - 1] != '\n')
		buf_addc(&body, '\n');
	buf_add(&body, text.data != NULL ? text.data : "", text.len);
	rc = eng_draft_set_body(d, body.data != NULL ? body.data : "", body.len, &e);
	if (rc < 0)
		cli_error("%s: %s", body_file, e.msg);
	buf_free(&text);
	buf_free(&body);
	return rc < 0 ? CLI_FAIL : CLI_OK;
}

/* The thread ids and what is attached, which the editable text does not hold. */
static void
draft_extras(struct buf *head, struct buf *tail, const struct eng_draft *d)
{
	if (d->in_reply_to != NULL)
		buf_addf(head, "In-Reply-To: <%s>\n", d->in_reply_to);
	for (size_t i = 0; i < strvec_len(&d->references); i++)
		buf_addf(head, "%s<%s>", i == 0 ? "References: " : " ",
		    strvec_get(&d->references, i));
	if (strvec_len(&d->references) > 0)
		buf_addc(head, '\n');
	for (size_t i = 0; i < d->attachments.len; i++) {
		const struct eng_attachment *at = VEC_AT(&d->attachments, struct eng_attachment, i);

		buf_adds(tail, i == 0 ? "\n" : "");
		buf_adds(tail, "[attached: ");
		str_make_visible(tail, at->name, strlen(at->name));
		buf_addf(tail, ", %zu bytes]\n", at->data.len);
	}
}

/* The draft as a person reads it: the editable text, with the thread ids and attachments named. */
static int
print_draft(const struct eng_draft *d)
{
	struct buf text = BUF_INIT, head = BUF_INIT, tail = BUF_INIT;
	const char *blank;
	size_t at;
	int rc = 0;

	eng_draft_to_text(d, &text);
	blank = strstr(buf_cstr(&text), "\n\n");
	at = blank != NULL ? (size_t)(blank - text.data) + 1 : text.len;
	draft_extras(&head, &tail, d);
	if (fwrite(text.data, 1, at, stdout) != at ||
	    fwrite(buf_cstr(&head), 1, head.len, stdout) != head.len ||
	    fwrite(text.data + at, 1, text.len - at, stdout) != text.len - at ||
	    fwrite(buf_cstr(&tail), 1, tail.len, stdout) != tail.len || fflush(stdout) != 0)
		rc = -1;
	if (rc < 0)
		cli_error("writing to standard output failed");
	buf_free(&text);
	buf_free(&head);
	buf_free(&tail);
	return rc < 0 ? CLI_FAIL : CLI_OK;
}

int
cli_draft_finish(const struct conf *c, const struct conf_account *a, struct eng_draft *d,
    const char *body_file, enum cli_draft_action act)
{
	struct buf msg = BUF_INIT;
	struct err e;
	int rc = CLI_OK;

	if (body_file != NULL)
		rc = add_body(d, body_file);
	if (rc == CLI_OK && act == CLI_DRAFT_PRINT) {
		rc = print_draft(d);
	} else if (rc == CLI_OK && eng_draft_build(d, ENG_BUILD_KEEP_BCC, &msg, &e) < 0) {
		cli_error("%s", e.msg);
		rc = CLI_FAIL;
	} else if (rc == CLI_OK && act == CLI_DRAFT_SEND)
		rc = cli_send_now(c, a, msg.data, msg.len);
	else if (rc == CLI_OK)
		rc = cli_postpone(c, a, msg.data, msg.len);
	buf_free(&msg);
	return rc;
}

int
cli_parent_fetch(struct eng_session *s, const char *folder, uint32_t uid, bool writable,
    struct buf *raw, struct err *e)
{
	if (eng_folder_open(s, folder != NULL ? folder : "INBOX", writable ? ENG_OPEN_WRITE : 0,
	    e) < 0 || eng_msgs_require(s, &uid, 1, e) < 0)
		return -1;
	return eng_msg_body(s, uid, raw, e);
}

int
cli_draft_from_parent(struct eng_session *s, const struct conf *c, const char *folder,
    uint32_t uid, cli_draft_make make, void *arg, const char *body,
    enum cli_draft_action act, bool answered)
{
	const struct conf_account *a = conf_account(c, eng_session_account(s));
	struct eng_identity me = { a->from, NULL };
	bool mark = answered && act == CLI_DRAFT_SEND;
	struct buf raw = BUF_INIT;
	struct eng_draft d;
	struct err e;
	int rc = CLI_FAIL;

	eng_draft_init(&d);
	if (cli_parent_fetch(s, folder, uid, mark, &raw, &e) < 0 ||
	    make(&d, &raw, &me, arg, &e) < 0)
		cli_error("%s", e.msg);
	else
		rc = cli_draft_finish(c, a, &d, body, act);
	if (rc == CLI_OK && mark && eng_msgs_flag(s, &uid, 1, ENG_FLAG_ANSWERED, 0, &e) < 0)
		cli_warn("sent, but the message could not be marked answered: %s", e.msg);
	eng_draft_free(&d);
	buf_free(&raw);
	return rc;
}
