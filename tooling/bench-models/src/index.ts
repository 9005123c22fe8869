export { seededTensor, writeMiniClassifier } from "./mini-classifier.js";
