/*
 * Allwinner Video Engine (VE) H.264 encoder model
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MEDIA_ALLWINNER_VE_H
#define HW_MEDIA_ALLWINNER_VE_H

#include "qom/object.h"
#include "exec/memory.h"
#include "hw/sysbus.h"
#include "hw/media/ve-core.h"

/** Abstract base type: the properties and -global options use this name */
#define TYPE_AW_VE "allwinner-ve"

/** The H3 variant (VE_VERSION 0x1680) */
#define TYPE_AW_VE_H3 TYPE_AW_VE "-h3"

OBJECT_DECLARE_TYPE(AwVeState, AwVeClass, AW_VE)

struct AwVeClass {
    /*< private >*/
    SysBusDeviceClass parent_class;
    /*< public >*/

    /** Value of VE_VERSION for this SoC */
    uint32_t version;
};

struct AwVeState {
    /*< private >*/
    SysBusDevice parent_obj;
    /*< public >*/

    MemoryRegion iomem;
    qemu_irq irq;
    QEMUTimer *job_timer;

    /**
     * DMA: with dma-addr=mbus (the H3) the VE masters the MBUS and bus
     * address + DRAM base = physical; with dma-addr=cpu (an H6-like VE, no
     * MBUS offset) bus address = physical. @dma_offset is that base.
     */
    MemoryRegion *dma_mr;
    AddressSpace dma_as;
    hwaddr dma_offset;

    /** Register file, bit writer and encoder (no QEMU dependency) */
    struct ve_core core;

    /** Last level driven on @irq (derived from the core, for tracing) */
    bool irq_level;

    /* Properties */
    char *fault;            /* "none", "hang", "hang-once", "error" or
                               "finish-overtime" */
    enum ve_core_fault fault_mode;  /* @fault, parsed at realize */
    uint32_t stream_limit;  /* bytes of slice data per job, 0 = no limit */
    char *coding;           /* "lossy" (default) or "pcm" */
    enum ve_core_coding coding_mode;    /* @coding, parsed at realize */
    char *rec_dump;         /* file the reconstructions are appended to */
    char *dma_addr;         /* "mbus" (default) or "cpu": see @dma_offset */
    FILE *rec_file;         /* @rec_dump, opened at realize */
};

#endif /* HW_MEDIA_ALLWINNER_VE_H */
