/* cmd-forward.c: `taube forward`: a message forwarded inline or attached, printed, sent or postponed. */
#include "cli/commands.h"
#include "cli/session.h"

#include <getopt.h>

#include "cli/send-out.h"
#include "engine/messages.h"
#include "util/buf.h"
#include "util/vec.h"

struct forward_opts {
	struct strvec to, cc;
	bool attach;
	enum cli_draft_action act;
	const char *body;
	uint32_t uid;
};

static int
add_recipients(struct eng_draft *d, const struct forward_opts *o, struct err *e)
{
	for (size_t i = 0; i < strvec_len(&o->to); i++)
		if (eng_draft_add_addrs(d, ENG_TO, strvec_get(&o->to, i), e) < 0)
			return -1;
	for (size_t i = 0; i < strvec_len(&o->cc); i++)
		if (eng_draft_add_addrs(d, ENG_CC, strvec_get(&o->cc, i), e) < 0)
			return -1;
	return 0;
}

static int
make_forward(struct eng_draft *d, const struct buf *raw, const struct eng_identity *me,
    void *arg, struct err *e)
{
	const struct forward_opts *o = arg;

	if (eng_draft_forward(d, raw->data, raw->len, me,
	    o->attach ? ENG_FORWARD_ATTACH : ENG_FORWARD_INLINE, e) < 0)
		return -1;
	return add_recipients(d, o, e);
}

static int
parse_opts(struct cli_ctx *ctx, struct forward_opts *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "cc", required_argument, NULL, 'C' },
		{ "attach", no_argument, NULL, 'A' },
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
		case 't': strvec_push(&o->to, optarg); break;
		case 'C': strvec_push(&o->cc, optarg); break;
		case 'A': o->attach = true; break;
		case 'b': o->body = optarg; break;
		case 'S': o->act = CLI_DRAFT_SEND; break;
		case 'P': o->act = CLI_DRAFT_POSTPONE; break;
		case 'h': cli_print_help(&cli_cmd_forward); return -1;
		default: return cli_usage(&cli_cmd_forward);
		}
	}
	if (optind + 1 != argc || eng_uid_parse(argv[optind], &o->uid) < 0)
		return cli_usage(&cli_cmd_forward);
	if (o->act == CLI_DRAFT_SEND && strvec_len(&o->to) == 0) {
		cli_error("forward --send needs --to");
		return CLI_USAGE;
	}
	return CLI_OK;
}

static int
forward_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct forward_opts o = { .to = STRVEC_INIT, .cc = STRVEC_INIT,
	    .act = CLI_DRAFT_PRINT };
	struct eng_session *s;
	struct conf c;
	int rc;

	rc = parse_opts(ctx, &o, argc, argv);
	if (rc == CLI_OK && cli_session_open(ctx, &c, &s) == 0) {
		rc = cli_draft_from_parent(s, &c, ctx->folder, o.uid, make_forward, &o, o.body,
		    o.act, false);
		rc = cli_session_close(s, &c, rc, NULL);
	} else if (rc == CLI_OK) {
		rc = CLI_FAIL;
	}
	strvec_free(&o.to);
	strvec_free(&o.cc);
	return rc < 0 ? CLI_OK : rc;
}

const struct cli_cmd cli_cmd_forward = {
	.name = "forward",
	.usage = "[-a ACCOUNT] [-f FOLDER] --to ADDR [--cc ADDR] [--attach] [--body FILE] "
	    "[--send|--postpone] UID",
	.summary = "forward a message: print the draft, send it or postpone it",
	.help =
	    "Forwards message UID, subject \"Fwd: ...\": inline (its text under a\n"
	    "\"Forwarded message\" block, its attachments attached again), or with\n"
	    "--attach as a message/rfc822 attachment holding its exact bytes.\n"
	    "\n"
	    "  --to, --cc ADDR   recipients (repeatable)\n"
	    "  --body FILE   text to put before the forwarded part (\"-\": standard input)\n"
	    "  --send        send it (through the outbox)\n"
	    "  --postpone    save it to the Drafts folder\n"
	    "Without --send or --postpone the whole draft is printed.\n",
	.exec = forward_exec,
};
