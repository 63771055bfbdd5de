export default function Home() { return <p>sweeps</p>; }
