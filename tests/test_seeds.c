/* test_seeds.c: tally code on ../shared/seeds: every doc date and title as the
 * gold files say, and every line valid by the shared schema. Skips, saying so,
 * when ../shared is absent. */
#include "tally.h"
#include "test.h"

#include <stdlib.h>

/* Run `tally code INPUTS | python3 -c SCRIPT` when the file needed exists, else
 * skip saying why. Returns the exit status and sets *out (caller frees), or -1. */
static int code_through(const char *needed, const char *why, const char *inputs, const char *script,
                        char **out) {
    FILE *probe = fopen(needed, "r");
    if (!probe) {
        test_skip(why);
        return -1;
    }
    fclose(probe);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s code %s 2>/dev/null | python3 -c '%s'", test_tally_bin(), inputs, script);
    return test_run(cmd, out, NULL);
}

/* Every line tally code prints for the examples and the seeds validates against
 * the shared schema (python3-jsonschema); skipped, saying so, without either. */
static void schema_check(void) {
    char *out;
    int st = code_through("../shared/schema/article.schema.json",
                          "../shared/schema absent: output not validated against the schema",
                          "examples ../shared/seeds",
                          "import json,sys\n"
                          "try:\n"
                          "  import jsonschema\n"
                          "except ImportError:\n"
                          "  print(\"no jsonschema\"); sys.exit(0)\n"
                          "s=json.load(open(\"../shared/schema/article.schema.json\"))\n"
                          "n=bad=0\n"
                          "for l in sys.stdin:\n"
                          "  n+=1\n"
                          "  try: jsonschema.validate(json.loads(l), s)\n"
                          "  except Exception as e: bad+=1; print(str(e)[:200])\n"
                          "print(\"lines\", n, \"invalid\", bad)",
                          &out);
    if (st < 0)
        return;
    if (strstr(out, "no jsonschema")) {
        test_skip("python3-jsonschema missing: output not validated against the schema");
    } else {
        CHECK_INT_EQ(st, 0);
        CHECK(strstr(out, "invalid 0") != NULL);
        CHECK(strstr(out, "lines 10 ") != NULL);
        if (!strstr(out, "invalid 0"))
            fprintf(stderr, "%s", out);
    }
    free(out);
}

void test_seeds(void) {
    schema_check();
    char *out;
    int st = code_through("../shared/gold/000_6ae2a4d5fb8452b8.json",
                          "../shared is absent: seed dates not checked", "../shared/seeds",
                          "import json,sys\n"
                          "bad=0\n"
                          "for l in sys.stdin:\n"
                          "  d=json.loads(l)[\"doc\"]\n"
                          "  g=json.load(open(\"../shared/gold/\"+d[\"id\"]+\".json\"))\n"
                          "  ok=d[\"date\"]==g[\"doc_date\"] and bool(d[\"title\"])\n"
                          "  bad+=not ok\n"
                          "  print(d[\"id\"], d[\"date\"], g[\"doc_date\"], \"ok\" if ok else \"WRONG\")\n"
                          "print(\"bad\", bad)",
                          &out);
    if (st < 0)
        return;
    CHECK_INT_EQ(st, 0);
    CHECK(strstr(out, "bad 0") != NULL);
    if (!strstr(out, "bad 0"))
        fprintf(stderr, "%s", out);
    int n = 0;
    for (char *p = out; (p = strstr(p, " ok\n")); p++)
        n++;
    CHECK_INT_EQ(n, 5);
    free(out);
}
