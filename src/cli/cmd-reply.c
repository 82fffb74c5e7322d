/* cmd-reply.c: `taube reply`: a reply (or reply to all) to a message, printed, sent or postponed. */
#include "cli/commands.h"
#include "cli/session.h"

#include <getopt.h>

#include "cli/send-out.h"
#include "engine/messages.h"
#include "util/buf.h"

struct reply_opts {
	bool all;
	enum cli_draft_action act;
	const char *body;
	uint32_t uid;
};

static int
make_reply(struct eng_draft *d, const struct buf *raw, const struct eng_identity *me,
    void *arg, struct err *e)
{
	const struct reply_opts *o = arg;

	return eng_draft_reply(d, raw->data, raw->len, me, o->all ? ENG_REPLY_ALL : 0, e);
}

static int
parse_opts(struct cli_ctx *ctx, struct reply_opts *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'A' },
		{ "body", required_argument, NULL, 'b' },
		{ "send", no_argument, NULL, 'S' },
		{ "postpone", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "a:f:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'a': ctx->account = optarg; break;
		case 'f': ctx->folder = optarg; break;
		case 'A': o->all = true; break;
		case 'b': o->body = optarg; break;
		case 'S': o->act = CLI_DRAFT_SEND; break;
		case 'P': o->act = CLI_DRAFT_POSTPONE; break;
		case 'h': cli_print_help(&cli_cmd_reply); return -1;
		default: return cli_usage(&cli_cmd_reply);
		}
	}
	if (optind + 1 != argc || eng_uid_parse(argv[optind], &o->uid) < 0)
		return cli_usage(&cli_cmd_reply);
	return CLI_OK;
}

static int
reply_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct reply_opts o = { .act = CLI_DRAFT_PRINT };
	struct eng_session *s;
	struct conf c;
	int rc;

	if ((rc = parse_opts(ctx, &o, argc, argv)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if (cli_session_open(ctx, &c, &s) < 0)
		return CLI_FAIL;
	rc = cli_draft_from_parent(s, &c, ctx->folder, o.uid, make_reply, &o, o.body, o.act,
	    true);
	return cli_session_close(s, &c, rc, NULL);
}

const struct cli_cmd cli_cmd_reply = {
	.name = "reply",
	.usage = "[-a ACCOUNT] [-f FOLDER] [--all] [--body FILE] [--send|--postpone] UID",
	.summary = "reply to a message: print the draft, send it or postpone it",
	.help =
	    "Makes a reply to message UID: to its Reply-To (else From), subject\n"
	    "\"Re: ...\", In-Reply-To and References, its text quoted under an\n"
	    "attribution line. The message is not marked read.\n"
	    "\n"
	    "  --all         reply to all: Mail-Followup-To when it has one, else\n"
	    "                the sender, with its To and Cc in Cc, never the\n"
	    "                account's own address\n"
	    "  --body FILE   text to put after the quote (\"-\": standard input)\n"
	    "  --send        send it (through the outbox) and mark the message answered\n"
	    "  --postpone    save it to the Drafts folder\n"
	    "Without --send or --postpone the whole draft is printed.\n",
	.exec = reply_exec,
};
