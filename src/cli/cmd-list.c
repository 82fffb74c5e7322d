/* cmd-list.c: `taube list`: one line (or JSON object) per message. */
#include "cli/commands.h"
#include "cli/session.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

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

/* localtime_r for the last quarter hour seen (see local_date). */
struct date_memo {
	int64_t quarter;
	struct tm tm;
	bool ok;
};

struct printer {
	struct buf out;
	bool json;
	const struct vec *matches;	/* sorted UIDs to show, or NULL for all */
	bool counting;			/* first pass of --limit: only count */
	size_t count, skip;
	int write_error;
	struct date_memo memo;
};

/* Appends s made visible, cut or padded to width terminal columns. */
static void
add_column(struct buf *out, const char *s, size_t width)
{
	struct buf vis = BUF_INIT;
	size_t len = s != NULL ? strlen(s) : 0, i = 0, n = 0;

	if (str_printable_ascii(s, len)) {
		n = len < width ? len : width;
		buf_add(out, s, n);
	} else {
		str_make_visible(&vis, s, len);
		while (i < vis.len) {
			int32_t cp;
			size_t step = str_utf8_next(vis.data + i, vis.len - i, &cp);
			int w = cp >= 0 ? wcwidth((wchar_t)cp) : 1;

			/* wide characters take two columns, combining marks none */
			if (w < 0)
				w = 1;
			if (n + (size_t)w > width)
				break;
			i += step;
			n += (size_t)w;
		}
		buf_add(out, vis.data, i);
		buf_free(&vis);
	}
	for (; n < width; n++)
		buf_addc(out, ' ');
}

/* n in decimal, right-aligned in width columns. */
static void
add_uint(struct buf *out, uint64_t n, int width)
{
	char digits[24];
	int len = 0;

	do
		digits[len++] = (char)('0' + n % 10);
	while ((n /= 10) > 0);
	for (; width > len; width--)
		buf_addc(out, ' ');
	while (len > 0)
		buf_addc(out, digits[--len]);
}

/* n / unit with one decimal, rounded as printf's "%.1f" does (half to even). */
static void
add_tenths(struct buf *out, uint64_t n, uint64_t unit, char suffix)
{
	uint64_t tenths = n * 10 / unit, rest = n * 10 % unit;

	if (rest * 2 > unit || (rest * 2 == unit && tenths % 2 == 1))
		tenths++;
	add_uint(out, tenths / 10, 2);
	buf_addc(out, '.');
	buf_addc(out, (char)('0' + tenths % 10));
	buf_addc(out, suffix);
}

static void
add_size(struct buf *out, uint32_t n)
{
	if (n < 1000) {
		add_uint(out, n, 4);
		buf_addc(out, 'B');
	} else if (n < 10 * 1024) {
		add_tenths(out, n, 1024, 'K');
	} else if (n < 1000 * 1024) {
		add_uint(out, (n + 512) / 1024, 4);
		buf_addc(out, 'K');
	} else {
		add_tenths(out, n, 1024 * 1024, 'M');
	}
}

/*
 * "YYYY-MM-DD HH:MM" in local time. Every zone's offset is a whole number
 * of quarter hours and changes only at such a boundary, so one localtime_r
 * serves a quarter hour: mail in a folder clusters in time.
 */
static void
local_date(struct buf *out, int64_t when, struct date_memo *memo)
{
	int64_t quarter = when >= 0 ? when / 900 : (when - 899) / 900;
	time_t t = (time_t)(quarter * 900);
	int min;

	if (!memo->ok || memo->quarter != quarter) {
		memo->ok = localtime_r(&t, &memo->tm) != NULL;
		memo->quarter = quarter;
	}
	if (!memo->ok || memo->tm.tm_year < -1900 || memo->tm.tm_year > 8099) {
		buf_addf(out, "%-16s", "");
		return;
	}
	min = memo->tm.tm_min + (int)((when - quarter * 900) / 60);
	add_uint(out, (uint64_t)(memo->tm.tm_year + 1900), 4);
	buf_addc(out, '-');
	buf_addc(out, (char)('0' + (memo->tm.tm_mon + 1) / 10));
	buf_addc(out, (char)('0' + (memo->tm.tm_mon + 1) % 10));
	buf_addc(out, '-');
	buf_addc(out, (char)('0' + memo->tm.tm_mday / 10));
	buf_addc(out, (char)('0' + memo->tm.tm_mday % 10));
	buf_addc(out, ' ');
	buf_addc(out, (char)('0' + memo->tm.tm_hour / 10));
	buf_addc(out, (char)('0' + memo->tm.tm_hour % 10));
	buf_addc(out, ':');
	buf_addc(out, (char)('0' + min / 10));
	buf_addc(out, (char)('0' + min % 10));
}

static void
text_line(struct buf *out, const struct eng_msg *m, struct date_memo *memo)
{
	int64_t when = m->date != 0 ? m->date : m->internaldate;
	const char *from = m->from != NULL ? m->from : m->from_email;
	size_t at;

	add_uint(out, m->uid, 6);
	buf_adds(out, "  ");
	at = out->len;
	if (!(m->flags & ENG_FLAG_SEEN))
		buf_addc(out, 'N');
	if (m->flags & ENG_FLAG_FLAGGED)
		buf_addc(out, 'F');
	if (m->flags & ENG_FLAG_ANSWERED)
		buf_addc(out, 'R');
	if (m->flags & ENG_FLAG_DELETED)
		buf_addc(out, 'D');
	while (out->len - at < 4)
		buf_addc(out, ' ');
	if (when != 0)
		local_date(out, when, memo);
	else
		buf_addf(out, "%-16s", "");
	buf_adds(out, "  ");
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
		text_line(&p->out, m, &p->memo);
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
