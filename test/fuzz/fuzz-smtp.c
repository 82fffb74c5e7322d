/* fuzz-smtp.c: libFuzzer target for the SMTP reply tracking: server replies and commands in any order, cut anywhere. */
#include "fuzz-check.h"

#include "net/smtp-reply.h"
#include "net/smtp.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const rcpt[] = { "a@example.test", "b@example.test" };
	struct smtp_trace t;
	size_t i = 0;

	smtp_trace_init(&t, rcpt, 2);
	/* each chunk: a byte saying in or out and how long, then that many bytes */
	while (i < size) {
		bool out = data[i] & 0x80;
		size_t n = (size_t)(data[i] & 0x7f) + 1;

		i++;
		if (n > size - i)
			n = size - i;
		if (out)
			smtp_trace_out(&t, (const char *)data + i, n);
		else
			smtp_trace_in(&t, (const char *)data + i, n);
		i += n;
	}
	FUZZ_ASSERT(t.last.code >= 0 && t.last.code <= 999);
	FUZZ_ASSERT(t.last.text.len <= SMTP_REPLY_TEXT_MAX);
	FUZZ_ASSERT(t.accepted <= 2 && t.refused.len <= 2);
	for (size_t k = 0; k < t.refused.len; k++) {
		const struct smtp_rcpt_result *r = VEC_AT(&t.refused, struct smtp_rcpt_result, k);

		FUZZ_ASSERT(fuzz_visible(r->text, strlen(r->text)));
	}
	smtp_trace_free(&t);
	return 0;
}
