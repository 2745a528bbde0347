#ifndef HUITONG_CLIBYAML_SHIM_H
#define HUITONG_CLIBYAML_SHIM_H
#include <yaml.h>
#endif
