package io.xgraph.store;

/** Every store contract: what a back end's test class implements to run them all. */
interface StoreContracts
    extends GraphStoreContract,
        PartStoreContract,
        ComparisonStoreContract,
        PartLabelStoreContract,
        OcclusionStoreContract,
        DescriptorStoreContract,
        MultiGraphStoreContract {}
