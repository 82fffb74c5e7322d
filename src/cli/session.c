/* session.c: opening and closing the account's server session the same way for every command. */
#include "cli/session.h"

int
cli_session_open(struct cli_ctx *ctx, struct conf *c, struct eng_session **s)
{
	struct err e;

	if (cli_load_conf(ctx, c) != CLI_OK)
		return -1;
	err_clear(&e);
	if (eng_session_open(s, c, ctx->account, &e) < 0) {
		cli_error("%s", e.msg);
		conf_free(c);
		return -1;
	}
	return 0;
}

int
cli_session_close(struct eng_session *s, struct conf *c, int rc, const struct err *e)
{
	const struct strvec *alerts = eng_session_alerts(s);
	unsigned lost = eng_session_reconnects(s);

	/* What the server asked to be shown (RFC 3501 [ALERT]). */
	for (size_t i = 0; i < strvec_len(alerts); i++)
		cli_warn("the server says: %s", strvec_get(alerts, i));
	/* The work was repeated, no harm done; but a flaky connection is worth knowing of. */
	if (lost > 0)
		cli_warn("lost the connection to IMAP server %s and connected again%s",
		    eng_session_server(s), lost > 1 ? " (more than once)" : "");
	eng_session_close(s);
	conf_free(c);
	if (rc < 0) {
		if (e != NULL)
			cli_error("%s", e->msg);
		return CLI_FAIL;
	}
	return rc;
}
