/*
** pos.h: the stall side, headless.  The only header programs include.
*/
#ifndef POS_H
#define POS_H
#include "pos-error.h"
#include "pos-money.h"
#include "pos-sale.h"
#include "pos-ledger.h"
#include "pos-receipt.h"
#include "pos-search.h"
#endif
