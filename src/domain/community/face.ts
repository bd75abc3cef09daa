// 刷脸 (face check-in) as an adapter: the platform hands the captured image to a face service and
// gets back the elder code it recognised, or null. No service is wired in by default (face
// check-in then answers "not recognised"); tests and the demo install the fake.
export interface FaceCheckIn {
  identify(input: { image: string; mealPointId: number }): Promise<string | null>;
}

const none: FaceCheckIn = { identify: async () => null };
let current: FaceCheckIn = none;

export const faceCheckIn = (): FaceCheckIn => current;

/** Installs a face service (null: none). */
export function setFaceCheckIn(adapter: FaceCheckIn | null): void {
  current = adapter ?? none;
}

/** The fake: an "image" of the form `fake-face:<elder code>` is recognised as that elder. */
export const fakeFaceCheckIn: FaceCheckIn = {
  identify: async ({ image }) => (image.startsWith('fake-face:') ? image.slice('fake-face:'.length) : null),
};
