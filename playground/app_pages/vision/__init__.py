"""Tabs of the Vision tasks page: segmentation, boxes (IoU, NMS), anchors and AP, triplet loss."""
