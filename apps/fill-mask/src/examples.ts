/** The model card's example. `<mask>` is replaced by the checkpoint's own mask token (`[MASK]` here). */
export const SHORT_EXAMPLE = "Hello I'm a <mask> model.";

/**
 * A document of several hundred word pieces, so that it spans several 128-token blocks of
 * longformer-mini-1024 and the masks sit in different blocks, far apart.
 */
export const LONG_EXAMPLE = [
  "The old harbour town lies at the mouth of a wide river, where fishing boats have tied up along the stone quay for more than three hundred years.",
  "In the early mornings the market fills with traders selling fish, bread, cheese and vegetables from the farms up the valley, and the smell of coffee drifts out of the small cafes that line the square.",
  "Most of the houses near the water are built of grey stone with slate roofs, and many of them still have the narrow windows that kept out the winter storms.",
  "A lighthouse stands on the rocks at the end of the northern pier. It was built in 1854 after a ship carrying timber ran aground in a gale and sank with its whole crew.",
  "For a century the light was kept by a single family, who lived in the cottage at its foot and climbed the spiral stairs every evening to light the lamp and wind the clockwork that turned the lens.",
  "Today the light is automatic, and the cottage has become a small museum about the history of the coast, the wrecks along it and the people who tried to keep ships safe.",
  "Visitors can see the logbooks the keepers wrote, the brass instruments they used to read the weather, and a model of the ship whose loss led to the building of the <mask>.",
  "Behind the town the land rises quickly into hills covered with sheep pasture and patches of forest. A path follows the cliffs to the next village, about ten miles to the south, and on clear days walkers can see the islands far out at sea.",
  "In summer the town is busy with tourists who come for the beaches, the boat trips and the festival in August, when the streets are decorated with flags and bands play music in the square until late at night.",
  "In winter it is quiet again. The cafes close early, the boats stay in the harbour when the wind is strong, and the people who live there all year gather in the pubs to talk about the weather, the fishing and the prices at the <mask>.",
  "Many young people leave to study or work in the cities, but some come back, and a few have opened new shops and workshops in the old warehouses by the river.",
  "The town council is trying to find a balance between welcoming visitors and keeping the place affordable for the families who have lived there for generations.",
].join(" ");

export const DEFAULT_EXAMPLES = [SHORT_EXAMPLE, LONG_EXAMPLE];
