package markdown

import (
	"strings"
	"sync"
	"testing"
)

// body is a press release of about 500 words, with the constructs editors
// use: headings, emphasis, lists, site and external links, an image.
var body = []byte(strings.Repeat(`## La feria navideña vuelve a la plaza

La **Municipalidad de Ejemplo** invita a todos los vecinos a la tradicional
feria navideña, que este año reúne a más de _ochenta_ emprendedores locales
en la [Plaza de Armas](../eventos/feria-navidena.md). La actividad es gratuita
y cuenta con accesos para personas con movilidad reducida, intérprete de
lengua de señas y zonas de descanso.

### Horarios y actividades

- Sábado 5 de diciembre, de 10:00 a 14:00: apertura y coro municipal.
- Domingo 6 de diciembre, de 11:00 a 18:00: talleres para niñas y niños.
- Lunes 7 de diciembre: cierre con la orquesta juvenil y *premiación*.

Las inscripciones para emprendedores se reciben en las
[oficinas del Gabinete](/funciones/) o en https://www.municipioejemplo.cl/feria,
y las consultas se responden en gabinete@municipioejemplo.cl.

Durante los tres días funcionará un punto de información atendido por
funcionarios municipales, donde se podrá consultar por los programas
sociales vigentes, los subsidios de vivienda y las postulaciones a becas.
También habrá un módulo del ~~Registro Civil~~ Servicio de Impuestos Internos
para resolver dudas sobre la declaración de renta y la obtención de claves.

![Vecinos recorriendo la feria del año pasado](foto.jpg)

### Recomendaciones

1. Llegar en transporte público: las calles aledañas estarán cerradas.
2. Traer agua y protector solar; habrá puntos de hidratación.
3. Revisar el [horario](eventos/feria.md#horario) antes de salir de casa.

La alcaldesa destacó que "la feria es una vitrina para el comercio local" y
agradeció el trabajo de las juntas de vecinos, que colaboraron en la
organización y en la difusión casa por casa. Más información en el sitio del
[Gobierno de Chile](https://www.gob.cl/) y en nuestras redes sociales.

`, 2))

func BenchmarkRender(b *testing.B) {
	m := New()
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := m.Render(body, testSite); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderParallel(b *testing.B) {
	m := New()
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := m.Render(body, testSite); err != nil {
				b.Error(err)
			}
		}
	})
}

func TestBodyIsRealistic(t *testing.T) {
	res, err := New().Render(body, testSite)
	if err != nil {
		t.Fatal(err)
	}
	if words := len(strings.Fields(res.Text)); words < 450 || words > 600 {
		t.Errorf("benchmark body has %d words, want about 500", words)
	}
	if len(res.Problems) != 0 {
		t.Errorf("benchmark body has problems: %v", res.Problems)
	}
}

// TestConcurrentRender shares one Markdown among goroutines; run with -race.
func TestConcurrentRender(t *testing.T) {
	m := New()
	want, err := m.Render(body, testSite)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20 {
				got, err := m.Render(body, testSite)
				if err != nil || string(got.HTML) != string(want.HTML) || got.Text != want.Text {
					t.Error("concurrent render differs")
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestPlainTextMatchesRender(t *testing.T) {
	res, err := New().Render(body, RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := PlainText(body); got != res.Text {
		t.Errorf("PlainText = %q\nRender Text = %q", got, res.Text)
	}
}
