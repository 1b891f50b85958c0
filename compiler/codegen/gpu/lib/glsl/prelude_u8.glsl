// Logical tensors are bytes (0 or 1), read and written through 8-bit storage.
layout(buffer_reference, std430, buffer_reference_align = 1) readonly restrict buffer RmInU8 { uint8_t v[]; };
layout(buffer_reference, std430, buffer_reference_align = 1) writeonly restrict buffer RmOutU8 { uint8_t v[]; };
