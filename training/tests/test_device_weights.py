"""The weights' trip to and from a lent GPU machine (training/device_weights.py)."""

import os
import sys
import tempfile
import unittest
import unittest.mock

import torch

import support  # noqa: F401  (puts training/ on the path)
from corpusgraph_train import default_setup
from corpusgraph_train.recipe import architecture, load_checkpoint
from test_export import tiny

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import device_weights  # noqa: E402


class DeviceWeightsTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.addCleanup(self.folder.cleanup)

    def path(self, *names):
        return os.path.join(self.folder.name, *names)

    def test_pack_and_unpack_give_back_the_fp16_rounded_checkpoint(self):
        model = tiny("markerV0")
        torch.save({"step": 7, "model": model.state_dict(), "dev": {"toy": 0.5}, "config": {"batch_size": 4},
                    "architecture": architecture(model)}, self.path("best.pt"))
        device_weights.pack(self.path("best.pt"), self.path("out"), part_mib=0.2)
        parts = sorted(p for p in os.listdir(self.path("out")) if p.startswith("weights.part"))
        self.assertEqual(len(parts), 3)  # the tiny model is ~0.5 MiB in fp16: three parts of <= 0.2 MiB
        self.assertTrue(all(os.path.getsize(self.path("out", p)) <= 0.2 * 2**20 for p in parts))
        # the last part came back in a later call (a 12-layer model is over one transfer)
        os.makedirs(self.path("later"))
        os.replace(self.path("out", parts[-1]), self.path("later", parts[-1]))
        with self.assertRaises(SystemExit) as raised:
            device_weights.unpack([self.path("out")], self.path("back", "best.pt"))
        self.assertIn("fetch the remaining parts", str(raised.exception))
        device_weights.unpack([self.path("out"), self.path("later")], self.path("back", "best.pt"))
        restored, state = load_checkpoint(self.path("back", "best.pt"))
        self.assertEqual((state["step"], state["dev"]), (7, {"toy": 0.5}))
        for name, value in model.state_dict().items():
            expected = value.half().float() if value.is_floating_point() else value
            torch.testing.assert_close(restored.state_dict()[name], expected, rtol=0, atol=0)

    def test_a_damaged_part_is_refused(self):
        model = tiny("markerV0")
        torch.save({"step": 1, "model": model.state_dict(), "dev": {}, "config": {},
                    "architecture": architecture(model)}, self.path("best.pt"))
        device_weights.pack(self.path("best.pt"), self.path("out"), part_mib=1)
        with open(self.path("out", "weights.part00"), "r+b") as f:
            f.write(b"x")
        with self.assertRaises(SystemExit) as raised:
            device_weights.unpack([self.path("out")], self.path("back.pt"))
        self.assertIn("do not match", str(raised.exception))

    def test_a_packed_encoder_with_int8_embeddings_loads_close_to_the_original(self):
        encoder = tiny("markerV0").encoder
        folder = self.path("encoders", "toy")
        os.makedirs(folder)
        original = encoder.state_dict()
        torch.save(device_weights.packed_encoder(encoder, int8_embeddings=True),
                   os.path.join(folder, default_setup.PACKED_ENCODER))
        with unittest.mock.patch.object(default_setup, "ENCODERS_DIR", self.path("encoders")):
            loaded = default_setup.load_encoder("toy").state_dict()
        for name, value in original.items():
            torch.testing.assert_close(loaded[name], value, rtol=0, atol=float(value.abs().max()) / 100)


if __name__ == "__main__":
    unittest.main()
