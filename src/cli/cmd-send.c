/* cmd-send.c: `taube send`: submit a message, or compose one from options. */
#include "cli/commands.h"

#include <getopt.h>
#include <string.h>

#include "cli/send-out.h"
#include "engine/compose.h"
#include "mime/header.h"
#include "util/buf.h"
#include "util/vec.h"

#define SEND_INPUT_MAX	(256u << 20)	/* bytes of a message given whole */

struct send_opts {
	struct strvec to, cc, bcc, attach;
	const char *subject, *body;
	bool composing, postpone, sign, encrypt;
	const char *file;	/* the message given whole, "-" for standard input */
};

static void
opts_free(struct send_opts *o)
{
	strvec_free(&o->to);
	strvec_free(&o->cc);
	strvec_free(&o->bcc);
	strvec_free(&o->attach);
}

/*
 * The Date and Message-ID that preparing added go into the queued message
 * too, so that every attempt sends the same message: a duplicate after a
 * lost reply then carries the same Message-ID and can be recognised.
 */
static void
keep_ids(struct buf *msg, const struct buf *ready)
{
	static const char *const names[] = { "Date", "Message-ID" };
	const char *nl = msg->len > 0 ? memchr(msg->data, '\n', msg->len) : NULL;
	const char *eol = nl != NULL && nl > msg->data && nl[-1] == '\r' ? "\r\n" : "\n";
	struct mime_header given, made;
	struct buf out = BUF_INIT;
	const struct mime_field *f;

	mime_header_init(&given);
	mime_header_init(&made);
	mime_header_scan(&given, msg->data, msg->len);
	mime_header_scan(&made, ready->data, ready->len);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (mime_header_find(&given, names[i]) != NULL ||
		    (f = mime_header_find(&made, names[i])) == NULL)
			continue;
		buf_addf(&out, "%s: %.*s%s", names[i], (int)f->value_len, f->value, eol);
	}
	mime_header_free(&given);
	mime_header_free(&made);
	if (out.len > 0) {
		buf_add(&out, msg->data, msg->len);
		buf_free(msg);
		*msg = out;
	}
}

/* A whole message from FILE or stdin, checked before it is queued. */
static int
given_message(const struct conf_account *a, const char *file, struct buf *msg)
{
	struct buf ready = BUF_INIT;
	struct eng_envelope env;
	struct err e;
	int rc;

	if (cli_read_input(file, SEND_INPUT_MAX, msg) != CLI_OK)
		return CLI_FAIL;
	eng_envelope_init(&env);
	rc = eng_message_prepare(msg->data != NULL ? msg->data : "", msg->len, a->from, &ready,
	    &env, &e);
	if (rc < 0)
		cli_error("%s: %s", strcmp(file, "-") == 0 ? "standard input" : file, e.msg);
	else
		keep_ids(msg, &ready);
	eng_envelope_free(&env);
	buf_free(&ready);
	return rc < 0 ? CLI_FAIL : CLI_OK;
}

/* A message composed from --to, --subject, --body, --attach ... */
static int
composed_message(const struct conf_account *a, const struct send_opts *o, struct buf *msg)
{
	struct eng_compose_opts co = { .from = a->from, .to = &o->to, .cc = &o->cc,
	    .bcc = &o->bcc, .subject = o->subject, .body_file = o->body, .attach = &o->attach };
	struct eng_draft d;
	struct err e;
	int rc;

	rc = eng_draft_from_options(&d, &co, &e);
	if (rc == 0)
		rc = eng_draft_build(&d, ENG_BUILD_KEEP_BCC, msg, &e);
	eng_draft_free(&d);
	if (rc < 0)
		cli_error("%s", e.msg);
	return rc < 0 ? CLI_FAIL : CLI_OK;
}

static int
run(struct cli_ctx *ctx, const struct send_opts *o)
{
	const struct conf_account *a;
	struct buf msg = BUF_INIT;
	struct conf c;
	int rc;

	if ((a = cli_load_account(ctx, &c)) == NULL)
		return CLI_FAIL;
	rc = o->composing ? composed_message(a, o, &msg) :
	    given_message(a, o->file != NULL ? o->file : "-", &msg);
	if (rc == CLI_OK && o->postpone)
		rc = cli_postpone(&c, a, msg.data, msg.len);
	else if (rc == CLI_OK)
		rc = cli_send_now(&c, a, msg.data, msg.len);
	buf_free(&msg);
	conf_free(&c);
	return rc;
}

static int
parse_opts(struct cli_ctx *ctx, struct send_opts *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "cc", required_argument, NULL, 'C' },
		{ "bcc", required_argument, NULL, 'B' },
		{ "subject", required_argument, NULL, 's' },
		{ "body", required_argument, NULL, 'b' },
		{ "attach", required_argument, NULL, 'A' },
		{ "postpone", no_argument, NULL, 'P' },
		{ "sign", no_argument, NULL, 'S' },
		{ "encrypt", no_argument, NULL, 'E' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "a:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'a': ctx->account = optarg; break;
		case 't': strvec_push(&o->to, optarg); o->composing = true; break;
		case 'C': strvec_push(&o->cc, optarg); o->composing = true; break;
		case 'B': strvec_push(&o->bcc, optarg); o->composing = true; break;
		case 's': o->subject = optarg; o->composing = true; break;
		case 'b': o->body = optarg; o->composing = true; break;
		case 'A': strvec_push(&o->attach, optarg); o->composing = true; break;
		case 'P': o->postpone = true; break;
		case 'S': o->sign = true; break;
		case 'E': o->encrypt = true; break;
		case 'h': cli_print_help(&cli_cmd_send); return -1;
		default: return cli_usage(&cli_cmd_send);
		}
	}
	if (optind < argc)
		o->file = argv[optind++];
	if (optind < argc || (o->composing && o->file != NULL))
		return cli_usage(&cli_cmd_send);
	return CLI_OK;
}

static int
send_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct send_opts o = { .to = STRVEC_INIT, .cc = STRVEC_INIT, .bcc = STRVEC_INIT,
	    .attach = STRVEC_INIT };
	int rc = parse_opts(ctx, &o, argc, argv);

	if (rc == CLI_OK && (o.sign || o.encrypt)) {
		cli_error("--sign and --encrypt need GPG support, which this taube does not "
		    "have yet; nothing was sent");
		rc = CLI_FAIL;
	} else if (rc == CLI_OK) {
		rc = run(ctx, &o);
	}
	opts_free(&o);
	return rc < 0 ? CLI_OK : rc;
}

const struct cli_cmd cli_cmd_send = {
	.name = "send",
	.usage = "[-a ACCOUNT] [--postpone] [FILE|-] | --to ADDR [--cc ADDR] [--bcc ADDR] "
	    "[--subject S] [--body FILE] [--attach FILE]... [--postpone]",
	.summary = "submit a message, or compose one from options",
	.help =
	    "The message is written to the account's outbox first and leaves it\n"
	    "only once the server has accepted it. A temporary refusal (4xx) or a\n"
	    "network failure keeps it queued for `taube outbox flush` (exit 1); a\n"
	    "permanent one (5xx) moves it to the outbox's failed folder (exit 1),\n"
	    "with the server's words on stderr. Once sent, a copy goes to the\n"
	    "Sent folder.\n"
	    "\n"
	    "  FILE|-        a whole RFC 5322 message (default: standard input);\n"
	    "                Date and Message-ID are added when missing, Bcc: is\n"
	    "                not transmitted, 8-bit text is encoded\n"
	    "  --to, --cc, --bcc ADDR   recipients (repeatable, or \"a, B <b@x>\")\n"
	    "  --subject S   the subject\n"
	    "  --body FILE   the text (UTF-8; \"-\" for standard input)\n"
	    "  --attach FILE attach a file (repeatable)\n"
	    "  --postpone    save to the Drafts folder instead of sending\n"
	    "  --sign, --encrypt  PGP/MIME (not available yet)\n",
	.exec = send_exec,
};
