/* tessera-common.h — everything client and server share */
#pragma once

#include "ts-error.h"
#include "ts-json.h"
#include "ts-json-field.h"
#include "ts-level.h"
#include "ts-money.h"
#include "ts-seat-plan.h"
#include "ts-ticket-code.h"
#include "ts-validate.h"
