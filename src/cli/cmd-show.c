/* cmd-show.c: `taube show [--json] FILE|-`: a message file (or an mbox) as the pager shows it. */
#include "cli/commands.h"

#include <stdio.h>
#include <string.h>

#include "cli/message-out.h"
#include "mime/mbox.h"
#include "util/buf.h"
#include "util/fs.h"

#define SHOW_MAX_BYTES ((size_t)1 << 30)

static int
write_all(const struct buf *b)
{
	if (b->len > 0 && fwrite(b->data, 1, b->len, stdout) != b->len)
		return -1;
	return fflush(stdout) == 0 ? 0 : -1;
}

static int
show_mbox(const struct buf *in, bool json)
{
	size_t pos = 0, start, end, n = 0;
	struct buf out = BUF_INIT;
	int rc = 0;

	while (rc == 0 && mime_mbox_next(in->data, in->len, &pos, &start, &end)) {
		buf_reset(&out);
		if (!json && n++ > 0)
			buf_adds(&out, "\n");
		cli_message_out(&out, in->data + start, end - start, json);
		rc = write_all(&out);
	}
	buf_free(&out);
	return rc;
}

static int
show(const char *path, bool json)
{
	struct buf in = BUF_INIT, out = BUF_INIT;
	struct err e;
	int rc;

	err_clear(&e);
	if (fs_read_file(strcmp(path, "-") == 0 ? "/dev/stdin" : path, &in, SHOW_MAX_BYTES, &e) < 0) {
		cli_error("%s", e.msg);
		buf_free(&in);
		return CLI_FAIL;
	}
	if (mime_mbox_detect(buf_cstr(&in), in.len)) {
		rc = show_mbox(&in, json);
	} else {
		cli_message_out(&out, buf_cstr(&in), in.len, json);
		rc = write_all(&out);
	}
	buf_free(&in);
	buf_free(&out);
	if (rc < 0) {
		cli_error("writing to standard output failed");
		return CLI_FAIL;
	}
	return CLI_OK;
}

static int
show_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	int first, rc;

	if ((rc = cli_parse_common(&cli_cmd_show, ctx, argc, argv, false, true, &first)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if (argc - first != 1)
		return cli_usage(&cli_cmd_show);
	return show(argv[first], ctx->json);
}

const struct cli_cmd cli_cmd_show = {
	.name = "show",
	.usage = "[--json] FILE|-",
	.summary = "parse a message file and print it as the pager shows it",
	.help =
	    "Prints From, To, Cc, Date and Subject, the body as text (decoded, in\n"
	    "UTF-8, control characters made visible), then the attachments with\n"
	    "their part number, type, size and name. An mbox file prints each\n"
	    "message in turn. --json prints one object per message, one per line.\n"
	    "A malformed message is shown as well as it can be (exit 0).\n",
	.exec = show_exec,
};
