/* cmd-folders.c: `taube folders`: list folders with unread/total counts. */
#include "cli/commands.h"
#include "cli/session.h"

#include <stdio.h>
#include <string.h>

#include "engine/folders.h"
#include "engine/session.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/str.h"

/* Display columns of a UTF-8 string: one per character (wide ones are rare in folder names). */
static size_t
columns(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

static void
text_line(struct buf *out, const struct eng_folder *f, size_t width)
{
	const char *use = eng_use_name(f->use);
	size_t start = out->len;

	str_make_visible(out, f->name, strlen(f->name));
	for (size_t n = columns(out->data + start, out->len - start); n < width; n++)
		buf_addc(out, ' ');
	if (!f->selectable)
		buf_adds(out, "  -");
	else if (f->has_counts)
		buf_addf(out, "  %u/%u", f->unread, f->total);
	if (use != NULL)
		buf_addf(out, "  [%s]", use);
	buf_addc(out, '\n');
}

/* The widest name, for the counts to line up. */
static size_t
name_width(const struct vec *all)
{
	struct buf vis = BUF_INIT;
	size_t width = 0;

	for (size_t i = 0; i < all->len; i++) {
		const struct eng_folder *f = VEC_AT(all, struct eng_folder, i);
		size_t n;

		buf_reset(&vis);
		str_make_visible(&vis, f->name, strlen(f->name));
		n = columns(buf_cstr(&vis), vis.len);
		width = n > width ? n : width;
	}
	buf_free(&vis);
	return width;
}

static void
json_count(struct json_writer *w, const char *key, const struct eng_folder *f, uint32_t n)
{
	json_key(w, key);
	if (f->has_counts && f->selectable)
		json_uint(w, n);
	else
		json_null(w);
}

static void
json_line(struct buf *out, const struct eng_folder *f)
{
	struct json_writer w;

	json_init(&w, out, 0);
	json_begin_object(&w);
	json_key(&w, "name");
	json_string(&w, f->name);
	json_count(&w, "unread", f, f->unread);
	json_count(&w, "total", f, f->total);
	json_key(&w, "special_use");
	json_string(&w, eng_use_name(f->use));
	json_end_object(&w);
	buf_addc(out, '\n');
}

static int
print_folders(struct eng_session *s, bool json)
{
	struct buf out = BUF_INIT;
	const struct vec *all;
	struct err e;
	size_t width;

	if (eng_folders_list(s, true, &all, &e) < 0) {
		cli_error("%s", e.msg);
		return CLI_FAIL;
	}
	width = name_width(all);
	for (size_t i = 0; i < all->len; i++) {
		const struct eng_folder *f = VEC_AT(all, struct eng_folder, i);

		if (json)
			json_line(&out, f);
		else
			text_line(&out, f, width);
	}
	fwrite(buf_cstr(&out), 1, out.len, stdout);
	buf_free(&out);
	if (fflush(stdout) != 0) {
		cli_error("writing to standard output failed");
		return CLI_FAIL;
	}
	return CLI_OK;
}

static int
folders_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct eng_session *s;
	struct conf c;
	int first, rc;

	if ((rc = cli_parse_common(&cli_cmd_folders, ctx, argc, argv, false, true, &first)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if (first != argc)
		return cli_usage(&cli_cmd_folders);
	if (cli_session_open(ctx, &c, &s) < 0)
		return CLI_FAIL;
	rc = print_folders(s, ctx->json);
	return cli_session_close(s, &c, rc, NULL);
}

const struct cli_cmd cli_cmd_folders = {
	.name = "folders",
	.usage = "[-a ACCOUNT] [--json]",
	.summary = "list folders with unread/total counts",
	.help =
	    "Prints one line per folder: its name, unread/total messages (\"-\" for\n"
	    "a folder that only holds other folders), and what\n"
	    "it is for when the server says (or its name does): [Sent], [Drafts],\n"
	    "[Trash], [Junk], [Archive] ... INBOX comes first, then by name.\n"
	    "--json prints one object per line: {\"name\", \"unread\", \"total\",\n"
	    "\"special_use\"} (counts null for a folder that holds no messages).\n",
	.exec = folders_exec,
};
