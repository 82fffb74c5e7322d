/* cmd-read.c: `taube read UID`: fetch one message and show it as the pager does, as JSON, or raw. */
#include "cli/commands.h"
#include "cli/session.h"

#include <getopt.h>
#include <stdio.h>

#include "cli/message-out.h"
#include "engine/messages.h"
#include "engine/session.h"
#include "engine/sync.h"
#include "util/buf.h"

enum read_mode { READ_TEXT, READ_JSON, READ_RAW };

struct read_opts {
	enum read_mode mode;
	bool mark_read;
	uint32_t uid;
};

static int
write_out(const struct buf *b)
{
	if (b->len > 0 && fwrite(b->data, 1, b->len, stdout) != b->len)
		return -1;
	return fflush(stdout) == 0 ? 0 : -1;
}

static int
show(struct eng_session *s, const char *folder, const struct read_opts *o, struct err *e)
{
	struct buf body = BUF_INIT, out = BUF_INIT;
	int rc;

	rc = eng_folder_open(s, folder, o->mark_read ? ENG_OPEN_WRITE : 0, e);
	if (rc == 0)
		rc = eng_msgs_require(s, &o->uid, 1, e);
	if (rc == 0)
		rc = eng_msg_body(s, o->uid, &body, e);
	if (rc == 0) {
		if (o->mode == READ_RAW)
			rc = write_out(&body);
		else {
			cli_message_out(&out, buf_cstr(&body), body.len, o->mode == READ_JSON);
			rc = write_out(&out);
		}
		if (rc < 0)
			err_setx(e, ERR_FATAL, "writing to standard output failed");
	}
	/* marked only once shown */
	if (rc == 0 && o->mark_read)
		rc = eng_msgs_flag(s, &o->uid, 1, ENG_FLAG_SEEN, 0, e);
	buf_free(&body);
	buf_free(&out);
	return rc;
}

static int
run(struct cli_ctx *ctx, const struct read_opts *o)
{
	struct eng_session *s;
	struct conf c;
	struct err e;
	int rc;

	if (cli_session_open(ctx, &c, &s) < 0)
		return CLI_FAIL;
	err_clear(&e);
	rc = show(s, ctx->folder != NULL ? ctx->folder : "INBOX", o, &e);
	return cli_session_close(s, &c, rc < 0 ? -1 : CLI_OK, &e);
}

static int
parse_opts(struct cli_ctx *ctx, struct read_opts *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "raw", no_argument, NULL, 'r' },
		{ "mark-read", no_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false, raw = false;
	int c;

	while ((c = getopt_long(argc, argv, "a:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'a': ctx->account = optarg; break;
		case 'f': ctx->folder = optarg; break;
		case 'j': json = true; break;
		case 'r': raw = true; break;
		case 'm': o->mark_read = true; break;
		case 'h': cli_print_help(&cli_cmd_read); return -1;
		default: return cli_usage(&cli_cmd_read);
		}
	}
	if ((json && raw) || argc - optind != 1)
		return cli_usage(&cli_cmd_read);
	if (eng_uid_parse(argv[optind], &o->uid) < 0) {
		cli_error("'%s' is not a UID", argv[optind]);
		return cli_usage(&cli_cmd_read);
	}
	ctx->json = json;
	o->mode = raw ? READ_RAW : json ? READ_JSON : READ_TEXT;
	return CLI_OK;
}

static int
read_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct read_opts o = { READ_TEXT, false, 0 };
	int rc;

	if ((rc = parse_opts(ctx, &o, argc, argv)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	return run(ctx, &o);
}

const struct cli_cmd cli_cmd_read = {
	.name = "read",
	.usage = "[-a ACCOUNT] [-f FOLDER] [--raw|--json] [--mark-read] UID",
	.summary = "fetch and show one message",
	.help =
	    "Prints the message with that UID (see 'taube list') as the pager shows\n"
	    "it: From, To, Cc, Date, Subject, the body as text, the attachments.\n"
	    "Reading does not mark the message read unless --mark-read is given.\n"
	    "\n"
	    "  -f FOLDER     the folder (default INBOX)\n"
	    "  --raw         the message exactly as stored on the server\n"
	    "  --json        one object, as 'taube show --json' prints it\n"
	    "  --mark-read   mark it read (\\Seen) once shown\n",
	.exec = read_exec,
};
