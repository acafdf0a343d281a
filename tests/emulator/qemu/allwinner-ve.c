/*
 * Allwinner Video Engine (VE) H.264 encoder model, with decode jobs that
 * complete (MPEG-2, H.264, VP8, H.265; nothing is decoded)
 *
 * The register file and the encoder live in the core (ve-core.h), which has
 * no QEMU dependency and is shared with the host model tests. This file is the QEMU
 * side: MMIO forwarding, DMA into guest memory, the job timer, the interrupt
 * line, the coding, fault-injection and reconstruction-dump properties,
 * tracing and migration.
 *
 * Job timing: a write of ENC_START to VE_ENC_AVC_STARTTRIG, or of a decoder's
 * picture or slice trigger, only marks the job pending; the job runs from a
 * virtual-clock timer AW_VE_JOB_LATENCY_NS later, so the guest sees the
 * completion interrupt after its trigger write returned, as on hardware.
 *
 * DMA: the H3 VE is an MBUS master and sees DRAM at bus address 0. Buffer
 * addresses the driver programs are bus addresses; physical = bus + DRAM
 * base. The property dma-addr=cpu models a VE outside the MBUS (the H6's,
 * without its IOMMU): bus address = physical. Every access is checked to
 * lie entirely in RAM before it is made.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/sysbus.h"
#include "migration/vmstate.h"
#include "sysemu/dma.h"
#include "hw/media/allwinner-ve.h"
#include "trace.h"

/* Physical address of VE bus address 0 (the H3 DRAM base) */
#define AW_VE_DRAM_BASE         0x40000000ULL

/* Virtual time from the trigger (encode or decode) to the end of the job */
#define AW_VE_JOB_LATENCY_NS    (100 * SCALE_US)

static void allwinner_ve_update_irq(AwVeState *s)
{
    bool level = ve_core_irq_level(&s->core);

    if (level != s->irq_level) {
        trace_allwinner_ve_irq(level);
        s->irq_level = level;
    }
    qemu_set_irq(s->irq, level);
}

/*
 * True if [phys, phys + len) lies entirely inside one RAM region. Checked
 * before every DMA access so that a bad address programmed by the guest
 * never reaches a device or wraps around.
 */
static bool allwinner_ve_dma_range_ok(AwVeState *s, hwaddr phys, size_t len)
{
    MemoryRegionSection section;
    bool ok;

    if (len == 0) {
        return true;
    }
    if (phys + len < phys) {
        return false;
    }
    section = memory_region_find(s->dma_mr, phys, len);
    if (!section.mr) {
        return false;
    }
    ok = memory_region_is_ram(section.mr) &&
         int128_eq(section.size, int128_make64(len));
    memory_region_unref(section.mr);
    return ok;
}

static int allwinner_ve_dma_read(void *opaque, uint64_t addr, void *buf,
                                 size_t len)
{
    AwVeState *s = AW_VE(opaque);
    hwaddr phys = addr + s->dma_offset;

    if (addr > UINT32_MAX || !allwinner_ve_dma_range_ok(s, phys, len)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "allwinner-ve: DMA read outside RAM: bus 0x%" PRIx64
                      " + %zu\n", addr, len);
        trace_allwinner_ve_dma_error("read", addr, len);
        return -1;
    }
    trace_allwinner_ve_dma("read", addr, len);
    if (dma_memory_read(&s->dma_as, phys, buf, len,
                        MEMTXATTRS_UNSPECIFIED) != MEMTX_OK) {
        trace_allwinner_ve_dma_error("read", addr, len);
        return -1;
    }
    return 0;
}

static int allwinner_ve_dma_write(void *opaque, uint64_t addr,
                                  const void *buf, size_t len)
{
    AwVeState *s = AW_VE(opaque);
    hwaddr phys = addr + s->dma_offset;

    if (addr > UINT32_MAX || !allwinner_ve_dma_range_ok(s, phys, len)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "allwinner-ve: DMA write outside RAM: bus 0x%" PRIx64
                      " + %zu\n", addr, len);
        trace_allwinner_ve_dma_error("write", addr, len);
        return -1;
    }
    trace_allwinner_ve_dma("write", addr, len);
    if (dma_memory_write(&s->dma_as, phys, buf, len,
                         MEMTXATTRS_UNSPECIFIED) != MEMTX_OK) {
        trace_allwinner_ve_dma_error("write", addr, len);
        return -1;
    }
    return 0;
}

static const struct ve_core_dma_ops allwinner_ve_dma_ops = {
    .read   = allwinner_ve_dma_read,
    .write  = allwinner_ve_dma_write,
};

static void allwinner_ve_core_event(void *opaque, enum ve_core_event ev,
                                    const char *msg)
{
    switch (ev) {
    case VE_CORE_EV_GUEST_ERROR:
        qemu_log_mask(LOG_GUEST_ERROR, "allwinner-ve: %s\n", msg);
        break;
    case VE_CORE_EV_UNIMP:
        qemu_log_mask(LOG_UNIMP, "allwinner-ve: %s\n", msg);
        break;
    case VE_CORE_EV_JOB:
        trace_allwinner_ve_job_start(msg);
        break;
    case VE_CORE_EV_JOB_DONE:
        trace_allwinner_ve_job_done(msg);
        break;
    case VE_CORE_EV_DEC_JOB:
        trace_allwinner_ve_dec_job_start(msg);
        break;
    case VE_CORE_EV_DEC_JOB_DONE:
        trace_allwinner_ve_dec_job_done(msg);
        break;
    }
}

/*
 * rec-dump: every finished job appends its reconstruction to the file, in
 * encode order. A frame is a 12-byte ASCII header, width and height in
 * pixels as "%5u %5u\n" (the MB-aligned size: the VE does not know the SPS
 * cropping), then width * height luma bytes, then width * height / 2 bytes
 * of interleaved CbCr (NV12), rows packed. A write error stops the dump.
 */
static void allwinner_ve_core_rec(void *opaque, const uint8_t *y,
                                  const uint8_t *cbcr, size_t stride,
                                  unsigned int width, unsigned int height)
{
    AwVeState *s = AW_VE(opaque);
    bool ok;

    if (!s->rec_file) {
        return;
    }
    ok = fprintf(s->rec_file, "%5u %5u\n", width, height) == 12;
    for (unsigned int row = 0; ok && row < height; row++) {
        ok = fwrite(y + row * stride, 1, width, s->rec_file) == width;
    }
    for (unsigned int row = 0; ok && row < height / 2; row++) {
        ok = fwrite(cbcr + row * stride, 1, width, s->rec_file) == width;
    }
    if (ok) {
        ok = fflush(s->rec_file) == 0;
    }
    trace_allwinner_ve_rec_dump(width, height, ok);
    if (!ok) {
        error_report(TYPE_AW_VE ": rec-dump: cannot write '%s': %s; "
                     "no more frames are dumped", s->rec_dump,
                     strerror(errno));
        fclose(s->rec_file);
        s->rec_file = NULL;
    }
}

static const struct ve_core_hooks allwinner_ve_core_hooks = {
    .event  = allwinner_ve_core_event,
    .rec    = allwinner_ve_core_rec,
};

static void allwinner_ve_job_timer_expired(void *opaque)
{
    AwVeState *s = AW_VE(opaque);

    ve_core_run_job(&s->core);
    allwinner_ve_update_irq(s);
}

static uint64_t allwinner_ve_read(void *opaque, hwaddr offset, unsigned size)
{
    AwVeState *s = AW_VE(opaque);
    uint32_t value = ve_core_read(&s->core, offset);

    trace_allwinner_ve_read(offset, value);
    return value;
}

static void allwinner_ve_write(void *opaque, hwaddr offset, uint64_t value,
                               unsigned size)
{
    AwVeState *s = AW_VE(opaque);

    trace_allwinner_ve_write(offset, value);
    switch (ve_core_write(&s->core, offset, value)) {
    case VE_CORE_ACTION_START_JOB:
        trace_allwinner_ve_job_schedule(AW_VE_JOB_LATENCY_NS);
        timer_mod(s->job_timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                                AW_VE_JOB_LATENCY_NS);
        break;
    case VE_CORE_ACTION_START_DEC_JOB:
        trace_allwinner_ve_dec_job_schedule(
            ve_core_engine_name(s->core.job_engine), AW_VE_JOB_LATENCY_NS);
        timer_mod(s->job_timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                                AW_VE_JOB_LATENCY_NS);
        break;
    case VE_CORE_ACTION_NONE:
        break;
    }
    allwinner_ve_update_irq(s);
}

static const MemoryRegionOps allwinner_ve_ops = {
    .read = allwinner_ve_read,
    .write = allwinner_ve_write,
    .endianness = DEVICE_NATIVE_ENDIAN,
    .valid = {
        .min_access_size = 4,
        .max_access_size = 4,
        .unaligned = false,
    },
    .impl.min_access_size = 4,
    .impl.max_access_size = 4,
};

/*
 * Configuration that is not guest visible: re-applied after every reset,
 * which also re-arms a spent hang-once fault.
 */
static void allwinner_ve_apply_config(AwVeState *s)
{
    s->core.fault = s->fault_mode;
    s->core.hang_once_spent = false;
    s->core.stream_limit = s->stream_limit;
    s->core.coding = s->coding_mode;
}

static void allwinner_ve_reset(DeviceState *dev)
{
    AwVeState *s = AW_VE(dev);

    timer_del(s->job_timer);
    ve_core_reset(&s->core);
    allwinner_ve_apply_config(s);
    allwinner_ve_update_irq(s);
}

static bool allwinner_ve_parse_fault(const char *name,
                                     enum ve_core_fault *fault)
{
    if (!name || !strcmp(name, "none")) {
        *fault = VE_CORE_FAULT_NONE;
    } else if (!strcmp(name, "hang")) {
        *fault = VE_CORE_FAULT_HANG;
    } else if (!strcmp(name, "hang-once")) {
        *fault = VE_CORE_FAULT_HANG_ONCE;
    } else if (!strcmp(name, "error")) {
        *fault = VE_CORE_FAULT_ERROR;
    } else if (!strcmp(name, "finish-overtime")) {
        *fault = VE_CORE_FAULT_FINISH_OVERTIME;
    } else {
        return false;
    }
    return true;
}

static bool allwinner_ve_parse_coding(const char *name,
                                      enum ve_core_coding *coding)
{
    if (!name || !strcmp(name, "lossy")) {
        *coding = VE_CORE_CODING_LOSSY;
    } else if (!strcmp(name, "pcm")) {
        *coding = VE_CORE_CODING_PCM;
    } else {
        return false;
    }
    return true;
}

/* dma-addr: the physical address of VE bus address 0 */
static bool allwinner_ve_parse_dma_addr(const char *name, hwaddr *offset)
{
    if (!name || !strcmp(name, "mbus")) {
        *offset = AW_VE_DRAM_BASE;
    } else if (!strcmp(name, "cpu")) {
        *offset = 0;
    } else {
        return false;
    }
    return true;
}

static void allwinner_ve_realize(DeviceState *dev, Error **errp)
{
    AwVeState *s = AW_VE(dev);
    AwVeClass *c = AW_VE_GET_CLASS(dev);

    if (!s->dma_mr) {
        error_setg(errp, TYPE_AW_VE " 'dma-memory' link not set");
        return;
    }
    if (!allwinner_ve_parse_fault(s->fault, &s->fault_mode)) {
        error_setg(errp, TYPE_AW_VE " property 'fault' must be none, hang, "
                   "hang-once, error or finish-overtime, not '%s'", s->fault);
        return;
    }
    if (!allwinner_ve_parse_coding(s->coding, &s->coding_mode)) {
        error_setg(errp, TYPE_AW_VE " property 'coding' must be lossy or "
                   "pcm, not '%s'", s->coding);
        return;
    }
    if (!allwinner_ve_parse_dma_addr(s->dma_addr, &s->dma_offset)) {
        error_setg(errp, TYPE_AW_VE " property 'dma-addr' must be mbus or "
                   "cpu, not '%s'", s->dma_addr);
        return;
    }
    if (s->rec_dump && *s->rec_dump) {
        s->rec_file = fopen(s->rec_dump, "wb");
        if (!s->rec_file) {
            error_setg_errno(errp, errno, TYPE_AW_VE " property 'rec-dump' "
                             "cannot create '%s'", s->rec_dump);
            return;
        }
    }

    address_space_init(&s->dma_as, s->dma_mr, "allwinner-ve-dma");
    ve_core_init(&s->core, c->version, &allwinner_ve_dma_ops,
                 &allwinner_ve_core_hooks, s);
    allwinner_ve_apply_config(s);
}

static void allwinner_ve_unrealize(DeviceState *dev)
{
    AwVeState *s = AW_VE(dev);

    if (s->rec_file) {
        fclose(s->rec_file);
        s->rec_file = NULL;
    }
}

static void allwinner_ve_init(Object *obj)
{
    AwVeState *s = AW_VE(obj);
    SysBusDevice *sbd = SYS_BUS_DEVICE(obj);

    memory_region_init_io(&s->iomem, obj, &allwinner_ve_ops, s,
                          TYPE_AW_VE, VE_CORE_MMIO_SIZE);
    sysbus_init_mmio(sbd, &s->iomem);
    sysbus_init_irq(sbd, &s->irq);
    s->job_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL,
                                allwinner_ve_job_timer_expired, s);
}

static void allwinner_ve_finalize(Object *obj)
{
    AwVeState *s = AW_VE(obj);

    timer_free(s->job_timer);
}

static int allwinner_ve_post_load(void *opaque, int version_id)
{
    AwVeState *s = AW_VE(opaque);

    s->irq_level = ve_core_irq_level(&s->core);
    return 0;
}

static Property allwinner_ve_properties[] = {
    DEFINE_PROP_LINK("dma-memory", AwVeState, dma_mr,
                     TYPE_MEMORY_REGION, MemoryRegion *),
    DEFINE_PROP_STRING("fault", AwVeState, fault),
    DEFINE_PROP_UINT32("stream-limit", AwVeState, stream_limit, 0),
    DEFINE_PROP_STRING("coding", AwVeState, coding),
    DEFINE_PROP_STRING("rec-dump", AwVeState, rec_dump),
    DEFINE_PROP_STRING("dma-addr", AwVeState, dma_addr),
    DEFINE_PROP_END_OF_LIST()
};

static const VMStateDescription allwinner_ve_vmstate = {
    .name = "allwinner-ve",
    .version_id = 3,
    .minimum_version_id = 1,
    .post_load = allwinner_ve_post_load,
    .fields = (VMStateField[]) {
        VMSTATE_UINT32_ARRAY(core.regs, AwVeState, VE_CORE_MMIO_SIZE / 4),
        VMSTATE_UINT64(core.wr.bit_len, AwVeState),
        VMSTATE_UINT32(core.wr.acc, AwVeState),
        VMSTATE_UINT32(core.wr.acc_bits, AwVeState),
        VMSTATE_UINT32(core.wr.zero_run, AwVeState),
        VMSTATE_BOOL(core.wr.overflow, AwVeState),
        VMSTATE_BOOL(core.job_pending, AwVeState),
        VMSTATE_BOOL_V(core.job_hung, AwVeState, 2),
        VMSTATE_BOOL_V(core.hang_once_spent, AwVeState, 2),
        VMSTATE_UINT32_V(core.job_engine, AwVeState, 3),
        VMSTATE_UINT32_V(core.h265_bit_pos, AwVeState, 3),
        VMSTATE_TIMER_PTR(job_timer, AwVeState),
        VMSTATE_END_OF_LIST()
    }
};

static void allwinner_ve_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = allwinner_ve_realize;
    dc->unrealize = allwinner_ve_unrealize;
    dc->reset = allwinner_ve_reset;
    dc->vmsd = &allwinner_ve_vmstate;
    dc->desc = "Allwinner Video Engine (H.264 encoder, decode job completion)";
    device_class_set_props(dc, allwinner_ve_properties);
}

static void allwinner_ve_h3_class_init(ObjectClass *klass, void *data)
{
    AwVeClass *c = AW_VE_CLASS(klass);

    c->version = VE_CORE_VERSION_H3;
}

static const TypeInfo allwinner_ve_types[] = {
    {
        .name           = TYPE_AW_VE,
        .parent         = TYPE_SYS_BUS_DEVICE,
        .instance_init  = allwinner_ve_init,
        .instance_finalize = allwinner_ve_finalize,
        .instance_size  = sizeof(AwVeState),
        .class_init     = allwinner_ve_class_init,
        .class_size     = sizeof(AwVeClass),
        .abstract       = true,
    },
    {
        .name           = TYPE_AW_VE_H3,
        .parent         = TYPE_AW_VE,
        .class_init     = allwinner_ve_h3_class_init,
    },
};

DEFINE_TYPES(allwinner_ve_types)
