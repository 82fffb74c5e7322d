/* smtp-reply.c: pairing the SMTP replies curl reads with the commands it sends. */
#include "net/smtp-reply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/net.h"
#include "net/smtp.h"
#include "util/str.h"
#include "util/xalloc.h"

#define REPLY_LINE_MAX	(SMTP_REPLY_TEXT_MAX + 16)	/* longer lines are cut when read */

void
smtp_trace_init(struct smtp_trace *t, const char *const *rcpt, size_t nrcpt)
{
	memset(t, 0, sizeof(*t));
	t->rcpt = rcpt;
	t->nrcpt = nrcpt;
	t->cmd = SMTP_CMD_GREETING;
	t->awaiting = true;
	vec_init(&t->refused, sizeof(struct smtp_rcpt_result));
}

void
smtp_trace_free(struct smtp_trace *t)
{
	for (size_t i = 0; i < t->refused.len; i++)
		free(VEC_AT(&t->refused, struct smtp_rcpt_result, i)->addr);
	vec_free(&t->refused);
	buf_free(&t->line);
	buf_free(&t->cur.text);
	buf_free(&t->last.text);
}

static bool
verb_is(const char *data, size_t len, const char *verb)
{
	size_t n = strlen(verb);

	return len >= n && str_ncasecmp_ascii(data, verb, n) == 0;
}

static enum smtp_cmd
classify(const char *data, size_t len)
{
	if (verb_is(data, len, "MAIL FROM:"))
		return SMTP_CMD_MAIL;
	if (verb_is(data, len, "RCPT TO:"))
		return SMTP_CMD_RCPT;
	if (verb_is(data, len, "EHLO ") || verb_is(data, len, "HELO "))
		return SMTP_CMD_EHLO;
	if (verb_is(data, len, "AUTH "))
		return SMTP_CMD_AUTH;
	if (verb_is(data, len, "DATA\r\n"))
		return SMTP_CMD_DATA;
	if (verb_is(data, len, "STARTTLS\r\n"))
		return SMTP_CMD_STARTTLS;
	return SMTP_CMD_OTHER;
}

void
smtp_trace_out(struct smtp_trace *t, const char *data, size_t len)
{
	if (t->sasl_due) {
		/* SASL data: secret. Nothing of it is read, not even its end. */
		t->sasl_due = false;
		t->out_mid_line = false;
		return;
	}
	if (len == 0 || t->quitting)
		return;
	if (!t->out_mid_line && verb_is(data, len, "QUIT\r\n")) {
		/* curl says goodbye also after a failure: keep what failed */
		t->quitting = true;
		return;
	}
	if (!t->out_mid_line) {
		t->cmd = classify(data, len);
		t->awaiting = true;
		if (t->cmd == SMTP_CMD_AUTH)
			t->auth_sent = true;
		else if (t->cmd == SMTP_CMD_RCPT)
			t->rcpt_sent++;
	}
	t->out_mid_line = data[len - 1] != '\n';
}

/* One line of an EHLO reply after the first: a keyword and its parameters. */
static void
ehlo_line(struct smtp_trace *t, const char *s, size_t len)
{
	size_t mlen;

	if (len == 8 && str_ncasecmp_ascii(s, "STARTTLS", 8) == 0)
		t->starttls_offered = true;
	else if (len >= 5 && (str_ncasecmp_ascii(s, "AUTH ", 5) == 0 ||
	    (str_ncasecmp_ascii(s, "AUTH=", 5) == 0 && !t->auth_offered))) {
		t->auth_offered = true;
		mlen = len - 5 < sizeof(t->mechs) ? len - 5 : sizeof(t->mechs) - 1;
		net_server_text(t->mechs, sizeof(t->mechs), s + 5, mlen);
	}
}

static void
rcpt_reply(struct smtp_trace *t)
{
	struct smtp_rcpt_result *r;
	size_t i = t->rcpt_answered;

	/*
	 * Replies answer the RCPT TO commands in order, one each; one more
	 * than were sent, or past our recipients, answers nothing of ours.
	 */
	if (i >= t->rcpt_sent || i >= t->nrcpt)
		return;
	t->rcpt_answered++;
	if (t->cur.code / 100 == 2) {
		t->accepted++;
		return;
	}
	r = vec_push_zero(&t->refused);
	r->addr = xstrdup(t->rcpt[i]);
	r->code = t->cur.code;
	net_server_text(r->text, sizeof(r->text), t->cur.text.data, t->cur.text.len);
}

/* The last line of a reply arrived: it answers t->cmd. */
static void
reply_done(struct smtp_trace *t)
{
	struct buf swap;

	t->cur.cmd = t->cmd;
	if (t->cmd == SMTP_CMD_RCPT)
		rcpt_reply(t);
	else if (t->cmd == SMTP_CMD_AUTH && t->cur.code == 334)
		t->sasl_due = true;
	t->awaiting = t->sasl_due;
	if (t->cmd == SMTP_CMD_DATA && t->cur.code == 354) {
		/* the next reply is the verdict on the data */
		t->cmd = SMTP_CMD_BODY;
		t->awaiting = true;
	}
	swap = t->last.text;
	t->last = t->cur;
	t->cur.text = swap;
	buf_reset(&t->cur.text);
	t->cur.code = 0;
	t->reply_lines = 0;
}

static void
reply_line(struct smtp_trace *t, const char *s, size_t len)
{
	const char *text;
	size_t tlen;

	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	/* what curl takes for a reply line: three digits, then '-', ' ' or the end */
	if (len < 3 || !(s[0] >= '0' && s[0] <= '9') || !(s[1] >= '0' && s[1] <= '9') ||
	    !(s[2] >= '0' && s[2] <= '9') || (len > 3 && s[3] != '-' && s[3] != ' '))
		return;
	text = len > 4 ? s + 4 : "";
	tlen = len > 4 ? len - 4 : 0;
	if (t->reply_lines == 0 && t->cmd == SMTP_CMD_EHLO) {
		t->starttls_offered = t->auth_offered = false;
		t->mechs[0] = '\0';
	} else if (t->cmd == SMTP_CMD_EHLO)
		ehlo_line(t, text, tlen);
	t->reply_lines++;
	if (tlen > 0 && t->cur.text.len < SMTP_REPLY_TEXT_MAX) {
		if (t->cur.text.len > 0)
			buf_addc(&t->cur.text, ' ');
		if (tlen > SMTP_REPLY_TEXT_MAX - t->cur.text.len)
			tlen = SMTP_REPLY_TEXT_MAX - t->cur.text.len;
		buf_add(&t->cur.text, text, tlen);
	}
	if (len == 3 || s[3] == ' ') {
		t->cur.code = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
		reply_done(t);
	}
}

void
smtp_trace_in(struct smtp_trace *t, const char *data, size_t len)
{
	const char *nl;
	size_t n;

	while (len > 0 && !t->quitting) {
		nl = memchr(data, '\n', len);
		n = nl != NULL ? (size_t)(nl - data) + 1 : len;
		if (t->line.len < REPLY_LINE_MAX)
			buf_add(&t->line, data, n < REPLY_LINE_MAX - t->line.len ? n :
			    REPLY_LINE_MAX - t->line.len);
		data += n;
		len -= n;
		if (nl != NULL) {
			reply_line(t, t->line.data, t->line.len);
			buf_reset(&t->line);
		}
	}
}
