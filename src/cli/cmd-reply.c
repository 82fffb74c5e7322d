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

/* The draft, then what was asked; a sent reply marks its parent answered. */
static int
reply(struct eng_session *s, const struct conf *c, const struct cli_ctx *ctx,
    const struct reply_opts *o)
{
	const struct conf_account *a = conf_account(c, eng_session_account(s));
	struct eng_identity me = { a->from, NULL };
	struct buf raw = BUF_INIT;
	struct eng_draft d;
	struct err e;
	int rc;

	if (cli_parent_fetch(s, ctx->folder, o->uid, o->act == CLI_DRAFT_SEND, &raw, &e) < 0) {
		cli_error("%s", e.msg);
		buf_free(&raw);
		return CLI_FAIL;
	}
	if (eng_draft_reply(&d, raw.data, raw.len, &me, o->all ? ENG_REPLY_ALL : 0, &e) < 0) {
		cli_error("%s", e.msg);
		buf_free(&raw);
		return CLI_FAIL;
	}
	rc = cli_draft_finish(c, a, &d, o->body, o->act);
	if (rc == CLI_OK && o->act == CLI_DRAFT_SEND &&
	    eng_msgs_flag(s, &o->uid, 1, ENG_FLAG_ANSWERED, 0, &e) < 0)
		cli_warn("sent, but the message could not be marked answered: %s", e.msg);
	eng_draft_free(&d);
	buf_free(&raw);
	return rc;
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
	rc = reply(s, &c, ctx, &o);
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
