/*
** fuzz-enroll.c: libFuzzer target for enrollment, the one route anyone may
** call without a token: the body read strictly, then taken as a request
** (the hub's side) and as both answers (the till's and the office's side).
**
** Property: a request that decodes has a code and a device id, and
** writing the request back from them (wire_enroll_request) gives a body
** that decodes to the same fields.
*/
#include "wire-codec.h"
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  g_autoptr(cJSON) o = wire_json_parse_object((const char *)data, size, NULL);
  if (o == NULL)
    return 0;
  const char *code = NULL, *device = NULL, *name = NULL;
  if (wire_enroll_request_from_json(o, &code, &device, &name, NULL)) {
    if (code == NULL || device == NULL)
      abort();
    g_autofree char *again = wire_enroll_request(code, device, name);
    g_autoptr(cJSON) back = wire_json_parse_object(again, strlen(again), NULL);
    const char *code2 = NULL, *device2 = NULL, *name2 = NULL;
    if (back == NULL || !wire_enroll_request_from_json(back, &code2, &device2, &name2, NULL)
        || strcmp(code, code2) != 0 || strcmp(device, device2) != 0 || g_strcmp0(name, name2) != 0)
      abort();
  }
  WireEnrollAnswer answer;
  wire_enroll_answer_from_json(o, &answer, NULL);
  WireEnrollCodeAnswer code_answer;
  wire_enroll_code_answer_from_json(o, &code_answer, NULL);
  return 0;
}
