/* cmd-flag.c: `taube flag UID... +seen|-seen|+flagged|...`: change flags on the server. */
#include "cli/commands.h"
#include "cli/session.h"

#include <getopt.h>
#include <string.h>

#include "engine/messages.h"
#include "engine/session.h"
#include "engine/sync.h"
#include "util/vec.h"

struct flag_opts {
	struct vec uids;	/* uint32_t */
	unsigned add, remove;	/* ENG_FLAG_* */
};

static const struct {
	const char *name;
	unsigned bit;
} flag_names[] = {
	{ "seen", ENG_FLAG_SEEN }, { "read", ENG_FLAG_SEEN },
	{ "flagged", ENG_FLAG_FLAGGED }, { "answered", ENG_FLAG_ANSWERED },
	{ "deleted", ENG_FLAG_DELETED }, { "draft", ENG_FLAG_DRAFT },
};

/* "+seen" or "-flagged" into o; -1 when it is not one. */
static int
parse_change(struct flag_opts *o, const char *arg)
{
	for (size_t i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++) {
		if (strcmp(arg + 1, flag_names[i].name) != 0)
			continue;
		if (arg[0] == '+')
			o->add |= flag_names[i].bit;
		else
			o->remove |= flag_names[i].bit;
		return 0;
	}
	return -1;
}

/* Operands: UIDs and changes, in any order once the first UID is given. */
static int
parse_operands(struct flag_opts *o, int argc, char **argv, int first)
{
	uint32_t uid;

	for (int i = first; i < argc; i++) {
		const char *a = argv[i];

		if ((a[0] == '+' || a[0] == '-') && parse_change(o, a) == 0)
			continue;
		if (eng_uid_parse(a, &uid) == 0) {
			vec_push(&o->uids, &uid);
			continue;
		}
		cli_error("'%s' is neither a UID nor a flag change (+seen, -flagged ...)", a);
		return cli_usage(&cli_cmd_flag);
	}
	if (o->uids.len == 0 || (o->add | o->remove) == 0)
		return cli_usage(&cli_cmd_flag);
	if (o->add & o->remove) {
		cli_error("a flag cannot be both set and cleared");
		return cli_usage(&cli_cmd_flag);
	}
	return CLI_OK;
}

/*
 * '+' in the option string: options stop at the first operand, so that
 * "-seen" after a UID is an operand, not the options -s -e -e -n.
 */
static int
parse_opts(struct cli_ctx *ctx, struct flag_opts *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "+a:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'a': ctx->account = optarg; break;
		case 'f': ctx->folder = optarg; break;
		case 'h': cli_print_help(&cli_cmd_flag); return -1;
		default: return cli_usage(&cli_cmd_flag);
		}
	}
	return parse_operands(o, argc, argv, optind);
}

static int
change(struct eng_session *s, const char *folder, const struct flag_opts *o, struct err *e)
{
	const uint32_t *uids = o->uids.items;

	if (eng_folder_open(s, folder, ENG_OPEN_WRITE, e) < 0 ||
	    eng_msgs_require(s, uids, o->uids.len, e) < 0)
		return -1;
	return eng_msgs_flag(s, uids, o->uids.len, o->add, o->remove, e);
}

static int
run(struct cli_ctx *ctx, const struct flag_opts *o)
{
	struct eng_session *s;
	struct conf c;
	struct err e;
	int rc;

	if (cli_session_open(ctx, &c, &s) < 0)
		return CLI_FAIL;
	err_clear(&e);
	rc = change(s, ctx->folder != NULL ? ctx->folder : "INBOX", o, &e);
	return cli_session_close(s, &c, rc < 0 ? -1 : CLI_OK, &e);
}

static int
flag_exec(struct cli_ctx *ctx, int argc, char **argv)
{
	struct flag_opts o = { VEC_INIT(uint32_t), 0, 0 };
	int rc;

	rc = parse_opts(ctx, &o, argc, argv);
	if (rc == CLI_OK)
		rc = run(ctx, &o);
	else if (rc < 0)
		rc = CLI_OK;
	vec_free(&o.uids);
	return rc;
}

const struct cli_cmd cli_cmd_flag = {
	.name = "flag",
	.usage = "[-a ACCOUNT] [-f FOLDER] UID... +FLAG|-FLAG...",
	.summary = "change flags",
	.help =
	    "Sets (+) or clears (-) flags of the messages with these UIDs:\n"
	    "  +seen -seen          read / unread (+read and -read say the same)\n"
	    "  +flagged -flagged    flagged for attention\n"
	    "  +answered -answered  replied to\n"
	    "  +deleted -deleted    marked for deletion (see also 'taube delete')\n"
	    "  +draft -draft\n"
	    "Options come before the first UID: after it, \"-seen\" is a flag\n"
	    "change, not an option. Example: taube flag -f Archive 12 17 +flagged -seen\n",
	.exec = flag_exec,
};
