package io.oodseg.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class DeviceSelectorTest {
  @Test
  void gpuAddressMapsToTheCudaDeviceOfThatIndex() {
    assertThat(DeviceSelector.forAddress("1", 2)).isEqualTo(Device.gpu(1));
    assertThat(DeviceSelector.forAddress("0", 1)).isEqualTo(Device.gpu(0));
  }

  @Test
  void withoutCudaEveryAddressRunsOnTheCpu() {
    assertThat(DeviceSelector.forAddress("0", 0)).isEqualTo(Device.cpu());
    assertThat(DeviceSelector.forAddress("7", 0)).isEqualTo(Device.cpu());
  }

  @Test
  void addressesThatAreNoCudaIndexAreNamed() {
    assertThatThrownBy(() -> DeviceSelector.forAddress("GPU-3f2a", 2))
        .hasMessageContaining("GPU address \"GPU-3f2a\"")
        .hasMessageContaining("discovery script");
    assertThatThrownBy(() -> DeviceSelector.forAddress("2", 2))
        .hasMessageContaining("assigned GPU 2 but libtorch sees only 2 CUDA device(s)");
  }

  @Test
  void outsideATaskThePlacementIsTheCpuWithoutAddress() {
    assertThat(DeviceSelector.forCurrentTask()).isEqualTo(Placement.of(Device.cpu()));
  }

  @Test
  void modelCacheHoldsOneModelPerAssignedGpuEvenWhenBothRunOnTheCpu() {
    ModelDescriptor d = ModelDescriptor.load(ModelDescriptor.EMBEDDED, new Configuration());
    int before = ModelCache.loads();
    LoadedModel first =
        ModelCache.get(d, new Placement("0", Device.cpu()), 0, false, new Configuration());
    LoadedModel second =
        ModelCache.get(d, new Placement("1", Device.cpu()), 0, false, new Configuration());
    assertThat(ModelCache.get(d, new Placement("0", Device.cpu()), 0, false, new Configuration()))
        .isSameAs(first);
    assertThat(second).isNotSameAs(first);
    assertThat(ModelCache.loads() - before).isEqualTo(2);
    assertThat(ModelCache.keys())
        .anyMatch(k -> k.endsWith("@gpu:0->cpu()"))
        .anyMatch(k -> k.endsWith("@gpu:1->cpu()"));
  }
}
