/* cmd-list.c: `taube list`: one line (or JSON object) per message. */
#include "cli/commands.h"
#include "cli/session.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine/messages.h"
#include "engine/search.h"
#include "engine/session.h"
#include "engine/sync.h"
#include "mime/date.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/str.h"

#define FROM_COLUMNS	24
#define FLUSH_AT	(64 * 1024)

struct list_opts {
	bool has_limit;
	size_t limit;
	const char *search;
};

struct printer {
	struct buf out;
	bool json;
	const struct vec *matches;	/* sorted UIDs to show, or NULL for all */
	bool counting;			/* first pass of --limit: only count */
	size_t count, skip;
	int write_error;
};

/* Appends s made visible, cut or padded to width characters. */
static void
add_column(struct buf *out, const char *s, size_t width)
{
	struct buf vis = BUF_INIT;
	size_t i = 0, n = 0;

	str_make_visible(&vis, s != NULL ? s : "", s != NULL ? strlen(s) : 0);
	while (i < vis.len && n < width) {
		int32_t cp;

		i += str_utf8_next(vis.data + i, vis.len - i, &cp);
		n++;
	}
	buf_add(out, vis.data, i);
	for (; n < width; n++)
		buf_addc(out, ' ');
	buf_free(&vis);
}

static void
add_size(struct buf *out, uint32_t n)
{
	if (n < 1000)
		buf_addf(out, "%4uB", n);
	else if (n < 10 * 1024)
		buf_addf(out, "%4.1fK", n / 1024.0);
	else if (n < 1000 * 1024)
		buf_addf(out, "%4uK", (n + 512) / 1024);
	else
		buf_addf(out, "%4.1fM", n / (1024.0 * 1024.0));
}

static void
text_line(struct buf *out, const struct eng_msg *m)
{
	int64_t when = m->date != 0 ? m->date : m->internaldate;
	time_t t = (time_t)when;
	const char *from = m->from != NULL ? m->from : m->from_email;
	char date[32] = "";
	struct tm tm;
	size_t at;

	if (when != 0 && localtime_r(&t, &tm) != NULL)
		strftime(date, sizeof(date), "%Y-%m-%d %H:%M", &tm);
	buf_addf(out, "%6u  ", m->uid);
	at = out->len;
	buf_adds(out, (m->flags & ENG_FLAG_SEEN) ? "" : "N");
	buf_adds(out, (m->flags & ENG_FLAG_FLAGGED) ? "F" : "");
	buf_adds(out, (m->flags & ENG_FLAG_ANSWERED) ? "R" : "");
	buf_adds(out, (m->flags & ENG_FLAG_DELETED) ? "D" : "");
	buf_addf(out, "%*s%-16s  ", (int)(4 - (out->len - at)), "", date);
	add_column(out, from, FROM_COLUMNS);
	buf_adds(out, "  ");
	add_size(out, m->size);
	buf_adds(out, "  ");
	if (m->subject != NULL)
		str_make_visible(out, m->subject, strlen(m->subject));
	buf_addc(out, '\n');
}

static void
json_flags(struct json_writer *w, const struct eng_msg *m)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ ENG_FLAG_SEEN, "seen" }, { ENG_FLAG_ANSWERED, "answered" },
		{ ENG_FLAG_FLAGGED, "flagged" }, { ENG_FLAG_DELETED, "deleted" },
		{ ENG_FLAG_DRAFT, "draft" },
	};
	struct strvec kw = STRVEC_INIT;

	json_key(w, "flags");
	json_begin_array(w);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (m->flags & names[i].bit)
			json_string(w, names[i].name);
	if (m->keywords != NULL)
		str_split(&kw, m->keywords, ' ', STR_SPLIT_SKIP_EMPTY);
	for (size_t i = 0; i < strvec_len(&kw); i++)
		json_string(w, strvec_get(&kw, i));
	json_end_array(w);
	strvec_free(&kw);
}

static void
json_line(struct buf *out, const struct eng_msg *m)
{
	struct buf date = BUF_INIT;
	struct json_writer w;

	json_init(&w, out, 0);
	json_begin_object(&w);
	json_key(&w, "uid");
	json_uint(&w, m->uid);
	json_flags(&w, m);
	json_key(&w, "date");
	if (m->date != 0) {
		mime_date_rfc3339(&date, m->date);
		json_string(&w, buf_cstr(&date));
	} else {
		json_null(&w);
	}
	json_key(&w, "from");
	json_begin_object(&w);
	json_key(&w, "name");
	json_string(&w, m->from);
	json_key(&w, "email");
	json_string(&w, m->from_email);
	json_end_object(&w);
	json_key(&w, "subject");
	json_string(&w, m->subject);
	json_key(&w, "size");
	json_uint(&w, m->size);
	json_end_object(&w);
	buf_addc(out, '\n');
	buf_free(&date);
}

static void
flush_out(struct printer *p)
{
	if (p->out.len > 0 && fwrite(p->out.data, 1, p->out.len, stdout) != p->out.len)
		p->write_error = 1;
	buf_reset(&p->out);
}

static int
print_msg(const struct eng_msg *m, void *arg)
{
	struct printer *p = arg;

	if (p->matches != NULL && !vec_u32_has(p->matches, m->uid))
		return 0;
	if (p->counting) {
		p->count++;
		return 0;
	}
	if (p->count++ < p->skip)
		return 0;
	if (p->json)
		json_line(&p->out, m);
	else
		text_line(&p->out, m);
	if (p->out.len >= FLUSH_AT)
		flush_out(p);
	return p->write_error;
}

/* --limit N keeps the last N: a first pass counts what would be shown. */
static int
print_list(struct eng_session *s, struct printer *p, const struct list_opts *o, struct err *e)
{
	if (o->has_limit) {
		p->counting = true;
		if (eng_msgs_each(s, print_msg, p, e) < 0)
			return -1;
		p->skip = p->count > o->limit ? p->count - o->limit : 0;
		p->count = 0;
		p->counting = false;
	}
	if (eng_msgs_each(s, print_msg, p, e) < 0 && !p->write_error)
		return -1;
	flush_out(p);
	if (p->write_error || fflush(stdout) != 0)
		return err_setx(e, ERR_FATAL, "writing to standard output failed");
	return 0;
}

/* "\r" progress on a terminal only; cleared when done. */
static void
on_progress(void *arg, const char *folder, uint64_t done, uint64_t total)
{
	struct buf name = BUF_INIT;

	(void)arg;
	str_make_visible(&name, folder, strlen(folder));
	fprintf(stderr, "\rtaube: %s: %llu/%llu new messages", buf_cstr(&name),
	    (unsigned long long)done, (unsigned long long)total);
	if (done == total)
		fputs("\r\033[K", stderr);
	fflush(stderr);
	buf_free(&name);
}

static int
list(struct eng_session *s, struct cli_ctx *ctx, const struct list_opts *o,
    const struct eng_query *q)
{
	struct printer p = { .out = BUF_INIT, .json = ctx->json };
	struct vec matches = VEC_INIT(uint32_t);
	const char *folder = ctx->folder != NULL ? ctx->folder : "INBOX";
	struct err e;
	int rc;

	if (isatty(STDERR_FILENO))
		eng_session_on_progress(s, on_progress, NULL);
	rc = eng_folder_sync(s, folder, 0, &e);
	if (rc == 0 && q != NULL) {
		rc = eng_msgs_search(s, q, &matches, &e);
		p.matches = &matches;
	}
	if (rc == 0)
		rc = print_list(s, &p, o, &e);
	if (rc < 0)
		cli_error("%s", e.msg);
	buf_free(&p.out);
	vec_free(&matches);
	return rc < 0 ? CLI_FAIL : CLI_OK;
}

static int
run(struct cli_ctx *ctx, const struct list_opts *o, const struct eng_query *q)
{
	struct eng_session *s;
	struct conf c;
	int rc;

	if (cli_session_open(ctx, &c, &s) < 0)
		return CLI_FAIL;
	rc = list(s, ctx, o, q);
	return cli_session_close(s, &c, rc, NULL);
}

static int
parse_opts(struct cli_ctx *ctx, struct list_opts *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "limit", required_argument, NULL, 'n' },
		{ "search", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t n;
	int c;

	while ((c = getopt_long(argc, argv, "a:f:n:s:h", opts, NULL)) != -1) {
		switch (c) {
		case 'a': ctx->account = optarg; break;
		case 'f': ctx->folder = optarg; break;
		case 'j': ctx->json = true; break;
		case 's': o->search = optarg; break;
		case 'n':
			if (str_parse_uint(optarg, SIZE_MAX, &n) < 0) {
				cli_error("--limit wants a number, not '%s'", optarg);
				return cli_usage(&cli_cmd_list);
			}
			o->has_limit = true;
			o->limit = (size_t)n;
			break;
		case 'h': cli_print_help(&cli_cmd_list); return -1;
		default: return cli_usage(&cli_cmd_list);
		}
	}
	return optind == argc ? CLI_OK : cli_usage(&cli_cmd_list);
}

static int
list_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct list_opts o = { 0 };
	struct eng_query q;
	struct err e;
	int rc;

	if ((rc = parse_opts(ctx, &o, argc, argv)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if (o.search == NULL)
		return run(ctx, &o, NULL);
	if (eng_query_parse(&q, o.search, &e) < 0) {
		cli_error("--search: %s", e.msg);
		return CLI_USAGE;
	}
	rc = run(ctx, &o, &q);
	eng_query_free(&q);
	return rc;
}

const struct cli_cmd cli_cmd_list = {
	.name = "list",
	.usage = "[-a ACCOUNT] [-f FOLDER] [--limit N] [--search Q] [--json]",
	.summary = "one line (or JSON object) per message",
	.help =
	    "Brings the folder's copy in the cache up to date (only what changed\n"
	    "is asked for), then prints one line per message in arrival (UID)\n"
	    "order: UID, flags (N unread, F flagged, R replied, D deleted), date\n"
	    "(local time), sender, size and subject.\n"
	    "\n"
	    "  -f FOLDER     the folder (default INBOX)\n"
	    "  --limit N     only the last N messages\n"
	    "  --search Q    only the messages the server finds for Q: words (in\n"
	    "                header or body), \"a phrase\", from:X to:X subject:X\n"
	    "                body:X since:YYYY-MM-DD before:YYYY-MM-DD is:unread\n"
	    "                is:read is:flagged; every term must match\n"
	    "  --json        one object per line: {\"uid\", \"flags\": [\"seen\",\n"
	    "                \"answered\", \"flagged\", \"deleted\", \"draft\", keywords],\n"
	    "                \"date\" (RFC 3339 UTC or null), \"from\": {\"name\",\n"
	    "                \"email\"}, \"subject\", \"size\"}\n",
	.exec = list_exec,
};
