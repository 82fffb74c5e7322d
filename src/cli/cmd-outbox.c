/* cmd-outbox.c: `taube outbox`: show queued messages, or retry them now. */
#include "cli/commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#include "cli/send-out.h"
#include "mime/header.h"
#include "mime/render.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/str.h"

#define HEADER_READ_MAX	(1u << 20)	/* bytes read of a queued message to show its header */

/* The first HEADER_READ_MAX bytes of a file: enough for any header taube writes. */
static int
read_head(const char *path, struct buf *out)
{
	char chunk[16384];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = 0;

	if (fd < 0)
		return -1;
	while (out->len < HEADER_READ_MAX && (n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_add(out, chunk, (size_t)n);
	close(fd);
	return n < 0 ? -1 : 0;
}

/* Subject and recipients of a queued message, for the listing. */
static void
peek(const char *path, struct mime_summary *sum)
{
	struct buf raw = BUF_INIT;
	struct mime_header h;

	mime_summary_init(sum);
	if (read_head(path, &raw) < 0)
		return;
	mime_header_init(&h);
	mime_header_scan(&h, raw.data, raw.len);
	mime_summary_read(sum, &h);
	mime_header_free(&h);
	buf_free(&raw);
}

static void
add_time(struct buf *out, time_t t)
{
	char s[32] = "-";
	struct tm tm;

	if (t != 0 && localtime_r(&t, &tm) != NULL)
		strftime(s, sizeof(s), "%Y-%m-%d %H:%M", &tm);
	buf_adds(out, s);
}

static void
add_recipients(struct buf *out, const struct mime_summary *sum)
{
	const struct vec *lists[] = { &sum->to, &sum->cc };
	size_t n = 0;

	for (size_t l = 0; l < 2; l++) {
		for (size_t i = 0; i < lists[l]->len; i++) {
			const struct mime_addr *a = VEC_AT(lists[l], struct mime_addr, i);

			if (a->email == NULL)
				continue;
			buf_adds(out, n++ > 0 ? ", " : "");
			buf_adds(out, a->email);
		}
	}
}

static void
text_entry(struct buf *out, const struct outbox_entry *en, bool failed)
{
	struct mime_summary sum;

	peek(en->path, &sum);
	buf_addf(out, "%s  %s\n  to: ", failed ? "FAILED" : "queued", en->id);
	add_recipients(out, &sum);
	buf_adds(out, "\n  subject: ");
	buf_adds(out, sum.subject != NULL ? sum.subject : "");
	buf_adds(out, "\n  queued ");
	add_time(out, en->queued);
	buf_addf(out, ", %u attempt%s", en->attempts, en->attempts == 1 ? "" : "s");
	if (!failed) {
		buf_adds(out, ", next ");
		add_time(out, en->next_due);
	} else {
		buf_adds(out, ", given up ");
		add_time(out, en->failed);
	}
	if (en->reply != NULL) {
		buf_adds(out, "\n  last reply: ");
		str_make_visible(out, en->reply, strlen(en->reply));
	}
	buf_addc(out, '\n');
	mime_summary_free(&sum);
}

static void
json_entry(struct buf *out, const struct outbox_entry *en, bool failed)
{
	struct mime_summary sum;
	struct buf rcpt = BUF_INIT;
	struct json_writer w;

	peek(en->path, &sum);
	add_recipients(&rcpt, &sum);
	json_init(&w, out, 0);
	json_begin_object(&w);
	json_key(&w, "id");
	json_string(&w, en->id);
	json_key(&w, "state");
	json_string(&w, failed ? "failed" : "queued");
	json_key(&w, "to");
	json_string(&w, buf_cstr(&rcpt));
	json_key(&w, "subject");
	json_string(&w, sum.subject);
	json_key(&w, "queued");
	json_uint(&w, (uint64_t)en->queued);
	json_key(&w, "attempts");
	json_uint(&w, en->attempts);
	json_key(&w, failed ? "failed" : "next_attempt");
	json_uint(&w, (uint64_t)(failed ? en->failed : en->next_due));
	json_key(&w, "reply");
	json_string(&w, en->reply);
	json_end_object(&w);
	buf_addc(out, '\n');
	buf_free(&rcpt);
	mime_summary_free(&sum);
}

static int
list(struct outbox *ob, bool json)
{
	struct vec q = VEC_INIT(struct outbox_entry), f = VEC_INIT(struct outbox_entry);
	struct buf out = BUF_INIT;
	struct err e;
	int rc;

	rc = eng_outbox_list(ob, OUTBOX_QUEUE, &q, &e);
	if (rc == 0)
		rc = eng_outbox_list(ob, OUTBOX_FAILED, &f, &e);
	for (size_t i = 0; rc == 0 && i < q.len + f.len; i++) {
		bool failed = i >= q.len;
		const struct outbox_entry *en = failed ?
		    VEC_AT(&f, struct outbox_entry, i - q.len) : VEC_AT(&q, struct outbox_entry, i);

		if (json)
			json_entry(&out, en, failed);
		else
			text_entry(&out, en, failed);
	}
	if (rc < 0)
		cli_error("%s", e.msg);
	else if (out.len > 0 && fwrite(out.data, 1, out.len, stdout) != out.len)
		rc = -1;
	outbox_entries_free(&q);
	outbox_entries_free(&f);
	buf_free(&out);
	return rc < 0 ? CLI_FAIL : CLI_OK;
}

static int
run(struct cli_ctx *ctx, bool flush)
{
	const struct conf_account *a;
	struct outbox *ob = NULL;
	struct conf c;
	struct err e;
	int rc;

	if ((a = cli_load_account(ctx, &c)) == NULL)
		return CLI_FAIL;
	err_clear(&e);
	if (eng_outbox_open(&ob, a, &e) < 0) {
		cli_error("%s", e.msg);
		rc = CLI_FAIL;
	} else if (flush) {
		rc = eng_outbox_flush(&c, a, ob, NULL, true, cli_sent_report, NULL, &e);
		if (rc < 0)
			cli_error("%s", e.msg);
		rc = rc == 0 ? CLI_OK : CLI_FAIL;
	} else {
		rc = list(ob, ctx->json);
	}
	eng_outbox_close(ob);
	conf_free(&c);
	return rc;
}

static int
outbox_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *what;
	int first, rc;

	rc = cli_parse_common(&cli_cmd_outbox, ctx, argc, argv, false, true, &first);
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	what = first < argc ? argv[first] : "list";
	if (first + 1 < argc || (strcmp(what, "list") != 0 && strcmp(what, "flush") != 0))
		return cli_usage(&cli_cmd_outbox);
	return run(ctx, strcmp(what, "flush") == 0);
}

const struct cli_cmd cli_cmd_outbox = {
	.name = "outbox",
	.usage = "[-a ACCOUNT] [--json] [list|flush]",
	.summary = "show queued messages, or retry them now",
	.help =
	    "list (the default) shows each message waiting in the account's outbox\n"
	    "with its recipients, subject, attempts, when it is tried next and the\n"
	    "server's last reply, then those given up on (FAILED). A temporary\n"
	    "failure is retried after 1 min, 5 min, 15 min, 1 h, then every 2 h;\n"
	    "after 72 hours, or at once on a permanent refusal, a message is given\n"
	    "up on and kept in the outbox's failed folder.\n"
	    "\n"
	    "flush tries every queued message now; exit 1 when one is still not sent.\n",
	.exec = outbox_exec,
};
