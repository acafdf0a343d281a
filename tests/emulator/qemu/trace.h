#include "trace/trace-hw_media.h"
